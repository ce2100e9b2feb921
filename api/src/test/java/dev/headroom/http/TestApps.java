package dev.headroom.http;

import dev.headroom.Headroom;
import dev.headroom.capacity.Planner;
import dev.headroom.config.Settings;
import dev.headroom.fleet.FleetView;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.policy.RoomNames;
import java.time.Clock;
import java.util.Random;

/** The HTTP app wired as {@link Headroom} wires it, over a fleet view a test controls. */
public final class TestApps {
  private TestApps() {}

  /** Built with seeded randomness, so a test's rooms and choices repeat. */
  public static HeadroomApp app(Settings settings, FleetView fleet, Clock clock, AssignmentListener listener) {
    Planner planner = Planner.defaults();
    return new HeadroomApp(
        settings,
        fleet,
        Headroom.policy(settings, clock, new Random(1)),
        new RoomNames(new Random(2)),
        new HeadroomMetrics(clock, planner),
        clock,
        listener,
        planner);
  }
}
