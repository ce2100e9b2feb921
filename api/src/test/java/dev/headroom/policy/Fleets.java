package dev.headroom.policy;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Snapshots for policy tests. */
final class Fleets {
  private Fleets() {}

  static Bridge bridge(int n, double load) {
    return new Bridge("https://b" + n + ".meet.example", "fr-par", load, true, false);
  }

  static FleetSnapshot equalLoad(Instant at, int bridges, double load) {
    List<Bridge> list = new ArrayList<>();
    for (int i = 1; i <= bridges; i++) {
      list.add(bridge(i, load));
    }
    return new FleetSnapshot(at, list);
  }
}
