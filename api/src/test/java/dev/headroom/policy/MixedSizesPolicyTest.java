package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mixed bridge sizes: a room costs {@code roomCost × median size ÷ size}. The fleet here is eight
 * 4-CPU and eight 16-CPU bridges (median 10 CPUs); a room really takes 0.02 of a 10-CPU bridge,
 * so 0.05 of a 4-CPU and 0.0125 of a 16-CPU one.
 */
class MixedSizesPolicyTest {
  private static final double MAX = 0.85;
  private static final double START = 0.30;
  private final ManualClock clock = new ManualClock();

  private Policy policy(long seed) {
    return new Policy(MAX, 0.02, 3, 0.05, Duration.ofMinutes(1),
        new AssignmentLedger(Duration.ofMinutes(5), clock), clock, new Random(seed));
  }

  private static FleetSnapshot mixed(java.time.Instant at, int small, int large) {
    List<Bridge> list = new ArrayList<>();
    for (int i = 0; i < small; i++) {
      list.add(new Bridge("https://s" + i + ".meet.example", "fr-par", START, true, false, 4));
    }
    for (int i = 0; i < large; i++) {
      list.add(new Bridge("https://l" + i + ".meet.example", "fr-par", START, true, false, 16));
    }
    return new FleetSnapshot(at, list);
  }

  private static double trueCost(Bridge b) {
    return 0.02 * 10 / b.size();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void aBurstGivesEach16CpuBridgeAboutFourTimesTheRoomsOfA4CpuOneAndNonePassesTheMaxLoad(long seed)
      throws Exception {
    FleetSnapshot snapshot = mixed(clock.instant(), 8, 8);
    clock.advance(Duration.ofSeconds(1));
    List<Policy> replicas = List.of(policy(seed), policy(seed * 31 + 7), policy(seed * 131 + 9));
    Map<Bridge, Integer> rooms = new HashMap<>();
    for (int i = 0; i < 320; i++) {
      Bridge b = replicas.get(i % 3).assignNew(snapshot, null).bridge();
      rooms.merge(b, 1, Integer::sum);
    }
    double small = 0;
    double large = 0;
    for (Bridge b : snapshot.bridges()) {
      int n = rooms.getOrDefault(b, 0);
      double load = START + n * trueCost(b);
      assertTrue(load <= MAX, b.url() + " took " + n + " rooms: true load " + load);
      if (b.size() == 4) {
        small += n / 8.0;
      } else {
        large += n / 8.0;
      }
    }
    double ratio = large / small;
    assertTrue(ratio > 3.2 && ratio < 4.8, "16-CPU/4-CPU rooms " + large + "/" + small + " = " + ratio);
  }

  @Test
  void aFullMixedFleetStopsEachBridgeWithinOneOfItsOwnRoomsOfTheMaxLoad() throws Exception {
    FleetSnapshot snapshot = mixed(clock.instant(), 4, 4);
    Policy p = policy(7);
    Map<Bridge, Integer> rooms = new HashMap<>();
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      try {
        rooms.merge(p.assignNew(snapshot, null).bridge(), 1, Integer::sum);
      } catch (NoCapacityException e) {
        refused++;
      }
    }
    assertTrue(refused > 0, "the fleet filled up");
    for (Bridge b : snapshot.bridges()) {
      double load = START + rooms.getOrDefault(b, 0) * trueCost(b);
      assertTrue(load >= MAX - 1e-9 && load <= MAX + trueCost(b) + 1e-9, b.url() + " ended at " + load);
    }
  }

  @Test
  void aBridgeWithoutASizeIsChargedAsTheMedianSize() {
    FleetSnapshot snapshot =
        new FleetSnapshot(
            clock.instant(),
            List.of(
                new Bridge("https://a.meet.example", "", 0.3, true, false, 4),
                new Bridge("https://b.meet.example", "", 0.3, true, false, 16),
                new Bridge("https://c.meet.example", "", 0.3, true, false, 8),
                new Bridge("https://unknown.meet.example", "", 0.3, true, false)));
    assertEquals(8, snapshot.medianSize());
    assertEquals(1.0, snapshot.costFactor(snapshot.bridge("https://unknown.meet.example").orElseThrow()));
    assertEquals(2.0, snapshot.costFactor(snapshot.bridge("https://a.meet.example").orElseThrow()));
    assertEquals(0.5, snapshot.costFactor(snapshot.bridge("https://b.meet.example").orElseThrow()));
  }

  @Test
  void theEstimateShownForABridgeChargesItsOwnRoomCost() throws Exception {
    FleetSnapshot snapshot = mixed(clock.instant(), 1, 1);
    clock.advance(Duration.ofSeconds(1));
    Policy p = policy(1);
    Choice c = p.assignNew(snapshot, null);
    assertEquals(START + trueCost(c.bridge()), c.estimatedLoad(), 1e-9);
    BridgeStatus s =
        p.status(snapshot).stream().filter(x -> x.bridge().equals(c.bridge())).findFirst().orElseThrow();
    assertEquals(START + trueCost(c.bridge()), s.estimatedLoad(), 1e-9);
  }
}
