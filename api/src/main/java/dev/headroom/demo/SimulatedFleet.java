package dev.headroom.demo;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetSource;
import dev.headroom.policy.AssignmentListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A fleet of bridges whose load rises with the rooms handed out and falls as rooms end.
 *
 * <p>Each bridge has an idle load; each room adds a cost drawn between 1.5 % and 4 % that ramps up
 * over its first minute (people join, and a {@code rate(...[1m])} query lags the same way) and
 * lasts a long-tailed time (most a few minutes, some much longer). A trickle of background rooms
 * stands in for other replicas. Polling it goes through the normal {@link
 * dev.headroom.fleet.Poller}, so the demo sees data exactly as stale as production. Thread-safe.
 */
public final class SimulatedFleet implements FleetSource, AssignmentListener {
  private static final Duration RAMP = Duration.ofMinutes(1);

  private final Clock clock;
  private final RandomGenerator random;
  private final List<SimBridge> bridges = new ArrayList<>();
  private final double backgroundRoomsPerSecond;
  private Instant lastBackground;

  /**
   * @param bridgesPerRegion how many bridges each region gets
   * @param regions region names
   * @param backgroundRoomsPerMinute rooms started by "someone else" per minute (0 for none)
   */
  public SimulatedFleet(
      Clock clock, RandomGenerator random, int bridgesPerRegion, List<String> regions, double backgroundRoomsPerMinute) {
    this.clock = clock;
    this.random = random;
    this.backgroundRoomsPerSecond = backgroundRoomsPerMinute / 60.0;
    this.lastBackground = clock.instant();
    int n = 1;
    for (String region : regions) {
      for (int i = 0; i < bridgesPerRegion; i++) {
        bridges.add(new SimBridge("https://b" + n + "." + region + ".demo.headroom.example", region, 0.05 + random.nextDouble() * 0.2));
        n++;
      }
    }
  }

  /** The default demo fleet: 8 bridges in two regions, a few background rooms a minute. */
  public static SimulatedFleet standard(Clock clock, RandomGenerator random) {
    return new SimulatedFleet(clock, random, 4, List.of("fr-par", "nl-ams"), 6);
  }

  @Override
  public synchronized void assigned(String room, Bridge bridge) {
    for (SimBridge b : bridges) {
      if (b.url.equals(bridge.url())) {
        b.rooms.add(newRoom(clock.instant()));
        return;
      }
    }
  }

  private Room newRoom(Instant start) {
    double cost = 0.015 + random.nextDouble() * 0.025;
    // Long-tailed: exponential with a 4-minute mean, a tenth of rooms ten times longer.
    double minutes = -Math.log(1 - random.nextDouble()) * 4;
    if (random.nextDouble() < 0.1) {
      minutes *= 10;
    }
    return new Room(start, start.plusMillis((long) (Math.max(0.5, minutes) * 60_000)), cost);
  }

  @Override
  public synchronized FleetSnapshot fetch(Instant now) {
    addBackground(now);
    List<Bridge> out = new ArrayList<>(bridges.size());
    for (SimBridge b : bridges) {
      double load = b.idle;
      for (Iterator<Room> it = b.rooms.iterator(); it.hasNext(); ) {
        Room r = it.next();
        if (!r.end.isAfter(now)) {
          it.remove();
          continue;
        }
        double ramp = Math.min(1, Math.max(0, Duration.between(r.start, now).toMillis() / (double) RAMP.toMillis()));
        load += r.cost * ramp;
      }
      load += (random.nextDouble() - 0.5) * 0.02;
      out.add(new Bridge(b.url, b.region, Math.max(0, Math.min(1, load)), true, false));
    }
    return new FleetSnapshot(now, out);
  }

  private void addBackground(Instant now) {
    double seconds = Duration.between(lastBackground, now).toMillis() / 1000.0;
    lastBackground = now;
    if (backgroundRoomsPerSecond <= 0 || seconds <= 0) {
      return;
    }
    double expected = seconds * backgroundRoomsPerSecond;
    int rooms = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
    for (int i = 0; i < rooms; i++) {
      SimBridge b = bridges.get(random.nextInt(bridges.size()));
      Instant start = now.minusMillis((long) (random.nextDouble() * seconds * 1000));
      b.rooms.add(newRoom(start));
    }
  }

  private record Room(Instant start, Instant end, double cost) {}

  private static final class SimBridge {
    final String url;
    final String region;
    final double idle;
    final List<Room> rooms = new ArrayList<>();

    SimBridge(String url, String region, double idle) {
      this.url = url;
      this.region = region;
      this.idle = idle;
    }
  }
}
