package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.Headroom;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.time.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A name is one meeting: the named-room rule checked over generated fleets, names, region choices
 * and replica histories, on policies built the way {@code serve} builds them.
 */
class NamedRoomPropertyTest {
  private static final String[] REGIONS = {"fr-par", "nl-ams", "pl-waw"};
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

  /** Three replicas, each built on its own, each with its own history of rooms handed out. */
  private List<Policy> replicas(FleetSnapshot snapshot, int history) throws Exception {
    List<Policy> out = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Policy p = Headroom.policy(Settings.defaults(), clock, new Random(1000L * r + history));
      for (int i = 0; i < history * r; i++) {
        try {
          if (i % 2 == 0) {
            p.assignNew(snapshot, null);
          } else {
            p.assignNamed(snapshot, "other-" + i, null);
          }
        } catch (NoCapacityException full) {
          break;
        }
      }
      out.add(p);
    }
    return out;
  }

  private static String on(Policy p, FleetSnapshot s, String room, String region) throws Exception {
    return p.assignNamed(s, room, region).bridge().url();
  }

  @Property(tries = 200)
  void theSameNameFromThreeReplicasAndAnyRegionGoesToOneBridge(
      @ForAll("fleets") List<Bridge> bridges,
      @ForAll("names") String room,
      @ForAll("regionChoices") List<String> asked,
      @ForAll @IntRange(min = 0, max = 8) int history)
      throws Exception {
    FleetSnapshot s = new FleetSnapshot(clock.instant(), bridges);
    List<Policy> replicas = replicas(s, history);
    String first;
    try {
      first = on(replicas.get(0), s, room, null);
    } catch (NoCapacityException e) {
      assertTrue(bridges.stream().noneMatch(b -> b.up() && !b.draining() && b.load() < 0.95));
      return;
    }
    for (int r = 0; r < 3; r++) {
      Choice c = replicas.get(r).assignNamed(s, room, asked.get(r));
      assertEquals(first, c.bridge().url(), "replica " + r + " asked for region " + asked.get(r));
      assertFalse(c.spilled(), "a named room never spills");
    }
    Bridge chosen = bridges.stream().filter(b -> b.url().equals(first)).findFirst().orElseThrow();
    assertTrue(chosen.up() && !chosen.draining() && chosen.load() < 0.95, chosen.toString());
  }

  @Property(tries = 200)
  void aNamesBridgeAt90PercentKeepsTheName(
      @ForAll("healthyFleets") List<Bridge> bridges, @ForAll("names") String room, @ForAll @IntRange(min = 0, max = 8) int history)
      throws Exception {
    FleetSnapshot before = new FleetSnapshot(clock.instant(), bridges);
    String home = on(replicas(before, 0).get(0), before, room, null);
    FleetSnapshot busy = new FleetSnapshot(clock.instant(), with(bridges, home, b -> new Bridge(b.url(), b.region(), 0.90, true, false)));
    for (Policy p : replicas(busy, history)) {
      assertEquals(home, on(p, busy, room, null), "above HEADROOM_MAX_LOAD, below the hard maximum");
    }
  }

  @Property(tries = 300)
  void whenTheNamesBridgeIsOverTheHardMaximumDownOrDrainingEveryReplicaMovesItToTheSameNextBridge(
      @ForAll("healthyFleets") List<Bridge> bridges,
      @ForAll("names") String room,
      @ForAll @IntRange(min = 0, max = 2) int how,
      @ForAll @IntRange(min = 0, max = 8) int history)
      throws Exception {
    FleetSnapshot before = new FleetSnapshot(clock.instant(), bridges);
    String home = on(replicas(before, 0).get(0), before, room, null);
    FleetSnapshot after =
        new FleetSnapshot(
            clock.instant(),
            with(
                bridges,
                home,
                b -> switch (how) {
                  case 0 -> new Bridge(b.url(), b.region(), 0.97, true, false);
                  case 1 -> new Bridge(b.url(), b.region(), Double.NaN, false, false);
                  default -> new Bridge(b.url(), b.region(), b.load(), true, true);
                }));
    List<Bridge> without = new ArrayList<>(bridges);
    without.removeIf(b -> b.url().equals(home));
    FleetSnapshot gone = new FleetSnapshot(clock.instant(), without);
    String next = on(replicas(gone, 0).get(0), gone, room, null);
    for (Policy p : replicas(after, history)) {
      String now = on(p, after, room, REGIONS[history % REGIONS.length]);
      assertNotEquals(home, now);
      assertEquals(next, now, "the next bridge in rendezvous order");
    }
  }

  @Property(tries = 200)
  void removingAnUnrelatedBridgeMovesNoName(
      @ForAll("healthyFleets") List<Bridge> bridges, @ForAll("names") String room, @ForAll @IntRange(min = 0, max = 20) int pick)
      throws Exception {
    FleetSnapshot before = new FleetSnapshot(clock.instant(), bridges);
    String home = on(replicas(before, 0).get(0), before, room, null);
    List<Bridge> fewer = new ArrayList<>(bridges);
    Bridge removed = fewer.remove(pick % fewer.size());
    if (removed.url().equals(home)) {
      return;
    }
    FleetSnapshot after = new FleetSnapshot(clock.instant(), fewer);
    for (Policy p : replicas(after, pick % 5)) {
      assertEquals(home, on(p, after, room, null), removed.url() + " left");
    }
  }

  private static List<Bridge> with(List<Bridge> bridges, String url, java.util.function.UnaryOperator<Bridge> change) {
    List<Bridge> out = new ArrayList<>();
    for (Bridge b : bridges) {
      out.add(b.url().equals(url) ? change.apply(b) : b);
    }
    return out;
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(1).ofMaxLength(64);
  }

  @Provide
  Arbitrary<List<String>> regionChoices() {
    return Arbitraries.of("fr-par", "nl-ams", "pl-waw", "nowhere").injectNull(0.25).list().ofSize(3);
  }

  /** Any mix of states and loads, 1 to 12 bridges. */
  @Provide
  Arbitrary<List<Bridge>> fleets() {
    return bridges(
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 9))
            .as((load, state) -> new double[] {load, state}));
  }

  /** 2 to 12 bridges, all up, not draining and below HEADROOM_MAX_LOAD. */
  @Provide
  Arbitrary<List<Bridge>> healthyFleets() {
    return bridges(Arbitraries.doubles().between(0, 0.84).map(load -> new double[] {load, 9}))
        .filter(list -> list.size() >= 2);
  }

  private static Arbitrary<List<Bridge>> bridges(Arbitrary<double[]> loadAndState) {
    return loadAndState
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(
            specs -> {
              List<Bridge> out = new ArrayList<>();
              for (int i = 0; i < specs.size(); i++) {
                double[] spec = specs.get(i);
                int state = (int) spec[1];
                out.add(
                    new Bridge(
                        "https://b" + i + ".meet.example",
                        REGIONS[i % REGIONS.length],
                        state == 0 ? Double.NaN : spec[0],
                        state != 0,
                        state == 1));
              }
              return out;
            });
  }
}
