package dev.headroom.policy;

import static dev.headroom.policy.Fleets.bridge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.time.ManualClock;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyTest {
  private final ManualClock clock = new ManualClock();

  private Policy policy(long seed) {
    return new Policy(0.85, 0.02, 3, 0.05, java.time.Duration.ofMinutes(1), new AssignmentLedger(Duration.ofMinutes(5), clock), clock, new Random(seed));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void aBurstOf200RoomsOn20EqualBridgesGivesNoBridgeMoreThanTwiceItsFairShare(long seed) throws Exception {
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), 20, 0.30);
    clock.advance(Duration.ofSeconds(1));
    Policy p = policy(seed);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      counts.merge(p.assignNew(snapshot, null).bridge().url(), 1, Integer::sum);
    }
    assertTrue(Collections.max(counts.values()) <= 20, "max per bridge " + Collections.max(counts.values()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void threeReplicasThatCannotSeeEachOtherStillSpreadABurstOf200Rooms(long seed) throws Exception {
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), 20, 0.30);
    clock.advance(Duration.ofSeconds(1));
    List<Policy> replicas = List.of(policy(seed), policy(seed * 31 + 7), policy(seed * 131 + 9));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      Policy replica = replicas.get(i % 3); // the cloud load balancer's round robin
      counts.merge(replica.assignNew(snapshot, null).bridge().url(), 1, Integer::sum);
    }
    assertEquals(20, counts.size(), "every bridge got rooms");
    assertTrue(Collections.max(counts.values()) <= 20, "max per bridge " + Collections.max(counts.values()));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void newRoomsFavourTheLeastLoadedAndAvoidFullBridges(long seed) throws Exception {
    List<Bridge> bridges = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      bridges.add(bridge(i, i / 10.0)); // 0.10, 0.20 ... 0.80
    }
    bridges.add(bridge(9, 0.85)); // at max load: never
    bridges.add(bridge(10, 0.95));
    FleetSnapshot snapshot = new FleetSnapshot(clock.instant(), bridges);
    clock.advance(Duration.ofSeconds(1));
    Policy p = policy(seed);
    int toThreeLeast = 0;
    for (int i = 0; i < 40; i++) {
      String url = p.assignNew(snapshot, null).bridge().url();
      assertFalse(url.startsWith("https://b9.") || url.startsWith("https://b10."), url);
      if (url.startsWith("https://b1.") || url.startsWith("https://b2.") || url.startsWith("https://b3.")) {
        toThreeLeast++;
      }
    }
    assertTrue(toThreeLeast >= 32, toThreeLeast + " of 40 went to the three least loaded");
  }

  @Test
  void localAccountingMakesABridgeFullBeforeAPollShowsIt() throws Exception {
    FleetSnapshot snapshot = new FleetSnapshot(clock.instant(), List.of(bridge(1, 0.79)));
    clock.advance(Duration.ofSeconds(1));
    Policy p = policy(1);
    for (int i = 0; i < 3; i++) {
      p.assignNew(snapshot, null); // 0.79 -> 0.81 -> 0.83 -> 0.85
    }
    assertThrows(NoCapacityException.class, () -> p.assignNew(snapshot, null));
    assertEquals(BridgeStatus.State.FULL, p.status(snapshot).get(0).state());
    assertEquals(3, p.status(snapshot).get(0).assignedSinceSnapshot());
  }

  @Test
  void roomsFadeFromTheEstimateAsTheRateWindowOfLaterSnapshotsSeesThem() throws Exception {
    Policy p = policy(1);
    FleetSnapshot first = new FleetSnapshot(clock.instant(), List.of(bridge(1, 0.5)));
    clock.advance(Duration.ofSeconds(2));
    p.assignNew(first, null);
    p.assignNew(first, null);
    assertEquals(2, p.status(first).get(0).assignedSinceSnapshot());
    assertEquals(0.54, p.status(first).get(0).estimatedLoad(), 1e-9);

    clock.advance(Duration.ofSeconds(30)); // a 1-minute rate sees half of what those rooms add
    FleetSnapshot next = new FleetSnapshot(clock.instant(), List.of(bridge(1, 0.52)));
    assertEquals(0, p.status(next).get(0).assignedSinceSnapshot());
    assertEquals(0.54, p.status(next).get(0).estimatedLoad(), 1e-9);

    clock.advance(Duration.ofSeconds(30)); // now fully visible: counted once, by the poll
    FleetSnapshot later = new FleetSnapshot(clock.instant(), List.of(bridge(1, 0.54)));
    assertEquals(0.54, p.status(later).get(0).estimatedLoad(), 1e-9);
  }

  @Test
  void drainingAndDownBridgesGetNoRooms() throws Exception {
    FleetSnapshot snapshot =
        new FleetSnapshot(
            clock.instant(),
            List.of(
                new Bridge("https://draining.example", "fr-par", 0.01, true, true),
                new Bridge("https://down.example", "fr-par", 0.01, false, false),
                new Bridge("https://unknown-load.example", "fr-par", Double.NaN, true, false),
                new Bridge("https://busy.example", "fr-par", 0.6, true, false)));
    Policy p = policy(7);
    for (int i = 0; i < 3; i++) { // 6 rooms: 0.60 -> 0.72, still below max
      assertEquals("https://busy.example", p.assignNew(snapshot, null).bridge().url());
      assertEquals("https://busy.example", p.assignNamed(snapshot, "room-" + i, null).bridge().url());
    }
    List<BridgeStatus> status = p.status(snapshot);
    assertEquals(BridgeStatus.State.DOWN, status.get(1).state());
    assertEquals(BridgeStatus.State.DRAINING, status.get(2).state());
    assertEquals(
        BridgeStatus.State.OK, status.get(3).state(), "healthy without a known load is not down, only last in line");
  }

  @Test
  void aHealthyBridgeWithoutAKnownLoadTakesRoomsOnlyWhenNoKnownBridgeCan() throws Exception {
    Bridge full = new Bridge("https://full.example", "fr-par", 0.9, true, false);
    Bridge unknownA = new Bridge("https://unknown-a.example", "fr-par", Double.NaN, true, false);
    Bridge unknownB = new Bridge("https://unknown-b.example", "fr-par", Double.NaN, true, false);
    Bridge unknownDraining = new Bridge("https://unknown-c.example", "fr-par", Double.NaN, true, true);
    FleetSnapshot snapshot = new FleetSnapshot(clock.instant(), List.of(full, unknownA, unknownB, unknownDraining));
    Policy p = policy(3);
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (int i = 0; i < 20; i++) {
      counts.merge(p.assignNew(snapshot, "fr-par").bridge().url(), 1, Integer::sum);
    }
    assertEquals(java.util.Set.of(unknownA.url(), unknownB.url()), counts.keySet(), "spread over the unknown ones: " + counts);
    assertTrue(counts.values().stream().allMatch(c -> c >= 5), "rooms handed out count against them: " + counts);
    String named = p.assignNamed(snapshot, "team-sync", null).bridge().url();
    assertEquals(named, policy(11).assignNamed(snapshot, "team-sync", null).bridge().url(), "named rooms agree across replicas");

    FleetSnapshot withRoom =
        new FleetSnapshot(clock.instant(), List.of(new Bridge("https://known.example", "fr-par", 0.5, true, false), unknownA));
    assertEquals("https://known.example", policy(5).assignNew(withRoom, null).bridge().url(), "a known bridge wins");
  }

  @Test
  void aNamedRoomMapsToTheSameBridgeOnIndependentReplicas() throws Exception {
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), 20, 0.3);
    Policy a = policy(1);
    Policy b = policy(99);
    a.assignNew(snapshot, null); // local accounting differs between replicas
    a.assignNew(snapshot, null);
    Map<String, Integer> spread = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String room = "team-" + i;
      String onA = a.assignNamed(snapshot, room, null).bridge().url();
      assertEquals(onA, b.assignNamed(snapshot, room, null).bridge().url(), room);
      assertEquals(onA, a.assignNamed(snapshot, room, null).bridge().url(), room + " again");
      spread.merge(onA, 1, Integer::sum);
    }
    assertEquals(20, spread.size(), "named rooms spread over every bridge");
  }

  @Test
  void removingAnUnrelatedBridgeDoesNotMoveANamedRoom() throws Exception {
    FleetSnapshot full = Fleets.equalLoad(clock.instant(), 20, 0.3);
    Policy p = policy(1);
    int moved = 0;
    for (int i = 0; i < 200; i++) {
      String room = "standup-" + i;
      String home = p.assignNamed(full, room, null).bridge().url();
      List<Bridge> fewer = new ArrayList<>(full.bridges());
      Bridge removed = fewer.remove((i * 7) % fewer.size());
      FleetSnapshot after = new FleetSnapshot(full.takenAt(), fewer);
      String now = p.assignNamed(after, room, null).bridge().url();
      if (removed.url().equals(home)) {
        assertNotEquals(home, now);
        moved++;
      } else {
        assertEquals(home, now, room + " moved when " + removed.url() + " left");
      }
    }
    assertTrue(moved < 40, "only rooms on the removed bridge move");
  }

  @Test
  void aRegionIsPreferredWhileItHasCapacityThenRoomsSpill() throws Exception {
    FleetSnapshot snapshot =
        new FleetSnapshot(
            clock.instant(),
            List.of(
                new Bridge("https://par1.example", "fr-par", 0.80, true, false),
                new Bridge("https://ams1.example", "nl-ams", 0.10, true, false)));
    clock.advance(Duration.ofSeconds(1));
    Policy p = policy(3);
    Choice first = p.assignNew(snapshot, "fr-par");
    assertEquals("https://par1.example", first.bridge().url());
    assertFalse(first.spilled());
    p.assignNew(snapshot, "fr-par"); // 0.84
    p.assignNew(snapshot, "fr-par"); // 0.86: full
    Choice spilled = p.assignNew(snapshot, "fr-par");
    assertEquals("https://ams1.example", spilled.bridge().url());
    assertTrue(spilled.spilled());
    assertThrows(UnknownRegionException.class, () -> p.assignNew(snapshot, "us-east"));
  }

  @Test
  void aFullFleetHasNoCapacityAndSaysWhy() {
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), 3, 0.9);
    assertEquals(NoCapacityException.Why.BUSY, assertThrows(NoCapacityException.class, () -> policy(1).assignNew(snapshot, null)).why());
    FleetSnapshot draining =
        new FleetSnapshot(clock.instant(), List.of(new Bridge("https://d.example", "fr-par", 0.1, true, true)));
    assertEquals(NoCapacityException.Why.DRAINING, assertThrows(NoCapacityException.class, () -> policy(1).assignNew(draining, null)).why());
    FleetSnapshot overHardMax = Fleets.equalLoad(clock.instant(), 3, 0.96);
    assertThrows(NoCapacityException.class, () -> policy(1).assignNamed(overHardMax, "r", null));
    FleetSnapshot empty = new FleetSnapshot(clock.instant(), List.of());
    assertEquals(NoCapacityException.Why.NONE_UP, assertThrows(NoCapacityException.class, () -> policy(1).assignNew(empty, null)).why());
  }

  @Test
  void theChosenLoadIncludesTheNewRoom() throws Exception {
    FleetSnapshot snapshot = new FleetSnapshot(clock.instant(), List.of(bridge(1, 0.40)));
    assertEquals(0.42, policy(1).assignNew(snapshot, null).estimatedLoad(), 1e-9);
  }
}
