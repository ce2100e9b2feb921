package dev.headroom.sim;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.policy.AssignmentLedger;
import dev.headroom.policy.NoCapacityException;
import dev.headroom.policy.PeerLedger;
import dev.headroom.policy.Policy;
import dev.headroom.policy.UnknownRegionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A way of choosing bridges, as one replica runs it: it sees only its own polls and its own
 * assignments. Every strategy refuses a room when it believes no bridge is below the max load.
 */
interface Strategy {
  /** A new snapshot from this replica's poll. */
  void polled(FleetSnapshot snapshot);

  /** The bridge for a new room, or null to refuse it. */
  Bridge choose();

  /**
   * Every replica's assignment counters as of the newest scrape (replica id → bridge → rooms),
   * shown right after each poll; only strategies that read the peers query use it.
   */
  default void scraped(java.util.Map<String, java.util.Map<String, Double>> counters, java.time.Instant asOf) {}

  /** Builds one replica of a named strategy. */
  interface Factory {
    String name();

    Strategy replica(Scenario scenario, SimClock clock, long seed);
  }

  /** Every strategy the simulation compares: Headroom first, then the baselines. */
  static List<Factory> all() {
    return List.of(
        factory("headroom", (s, c, seed) -> new HeadroomStrategy(s, c, seed)),
        factory("headroom-alone", (s, c, seed) -> new HeadroomStrategy(s, c, seed, false)),
        factory("naive", (s, c, seed) -> new LeastLoaded(s, 0)),
        factory("random", (s, c, seed) -> new RandomChoice(s, seed)),
        factory("round-robin", (s, c, seed) -> new RoundRobin(s, seed)),
        factory("scalelite", (s, c, seed) -> new LeastLoaded(s, s.roomCost())),
        factory("p2c", (s, c, seed) -> new TwoChoices(s, seed)));
  }

  /**
   * The physical limit the others are measured against: perfect, instant knowledge of every
   * bridge's true load, which includes every replica's rooms the moment they are placed.
   */
  static Factory oracle() {
    return factory("oracle", (s, c, seed) -> new Oracle(s));
  }

  /** {@link #all()} followed by the {@link #oracle()}: what {@code simulate} reports. */
  static List<Factory> withOracle() {
    List<Factory> out = new ArrayList<>(all());
    out.add(oracle());
    return List.copyOf(out);
  }

  /** A strategy the simulation shows its true state to, live. */
  interface Omniscient {
    /**
     * @param urls every bridge's URL, by index
     * @param trueLoad every bridge's true load, updated in place by the simulation
     * @param roomScale what a room's load is multiplied by on each bridge (median size ÷ size)
     * @param sizes each bridge's size, NaN when the scenario has none
     */
    void watch(String[] urls, double[] trueLoad, double[] roomScale, double[] sizes);
  }

  /**
   * Places each room where the true load after it would be lowest, refusing only when every
   * bridge truly is at or above the max load. It ignores polls altogether.
   */
  final class Oracle implements Strategy, Omniscient {
    private final double maxLoad;
    private final double meanRoom;
    private double[] load = new double[0];
    private double[] scale = new double[0];
    private Bridge[] bridges = new Bridge[0];

    Oracle(Scenario s) {
      this.maxLoad = s.maxLoad();
      this.meanRoom = (s.roomLoadMin() + s.roomLoadMax()) / 2;
    }

    @Override
    public void watch(String[] urls, double[] trueLoad, double[] roomScale, double[] sizes) {
      this.load = trueLoad;
      this.scale = roomScale;
      this.bridges = new Bridge[urls.length];
      for (int b = 0; b < urls.length; b++) {
        bridges[b] = new Bridge(urls[b], "sim", Double.NaN, true, false, sizes[b]);
      }
    }

    @Override
    public void polled(FleetSnapshot snapshot) {
      // The oracle needs no poll.
    }

    @Override
    public Bridge choose() {
      int best = -1;
      double bestAfter = Double.POSITIVE_INFINITY;
      for (int b = 0; b < load.length; b++) {
        double after = load[b] + meanRoom * scale[b];
        if (load[b] < maxLoad && after < bestAfter) {
          best = b;
          bestAfter = after;
        }
      }
      return best < 0 ? null : bridges[best];
    }
  }

  private static Factory factory(String name, Builder b) {
    return new Factory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Strategy replica(Scenario scenario, SimClock clock, long seed) {
        return b.build(scenario, clock, seed);
      }
    };
  }

  @FunctionalInterface
  interface Builder {
    Strategy build(Scenario scenario, SimClock clock, long seed);
  }

  /** Headroom's own policy class, exactly as {@code serve} builds it. */
  final class HeadroomStrategy implements Strategy {
    private final Policy policy;
    private final PeerLedger peers;
    private FleetSnapshot snapshot;

    HeadroomStrategy(Scenario s, SimClock clock, long seed) {
      this(s, clock, seed, true);
    }

    /** With {@code seesPeers} false, as a replica whose peers query is off or whose peers are not scraped. */
    HeadroomStrategy(Scenario s, SimClock clock, long seed, boolean seesPeers) {
      Duration horizon = Duration.ofMinutes(5).plusMillis((long) (s.pollSeconds() * 1000));
      this.peers = seesPeers ? new PeerLedger(Long.toString(seed), horizon, clock) : PeerLedger.none();
      double visibleAfter =
          s.signal() == Scenario.Signal.JVB
              ? 2 * Scenario.Signal.JVB_SAMPLE_SECONDS + s.scrapeSeconds() // snapshots are stamped at the poll here
              : s.windowSeconds() + s.scrapeSeconds();
      this.policy =
          new Policy(s.maxLoad(), Math.max(s.maxLoad(), 0.95), s.roomCost(), dev.headroom.Headroom.CHOICES, dev.headroom.Headroom.SPREAD,
              Duration.ofMillis((long) (visibleAfter * 1000)),
              new AssignmentLedger(horizon, clock), clock, new SplittableRandom(seed), peers);
    }

    @Override
    public void polled(FleetSnapshot snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public void scraped(java.util.Map<String, java.util.Map<String, Double>> counters, java.time.Instant asOf) {
      peers.observe(counters, asOf);
    }

    @Override
    public Bridge choose() {
      try {
        return policy.assignNew(snapshot, null).bridge();
      } catch (NoCapacityException | UnknownRegionException e) {
        return null;
      }
    }
  }

  /** Base for baselines: the bridges below max load in the last poll. */
  abstract class Baseline implements Strategy {
    final double maxLoad;
    List<Bridge> eligible = List.of();

    Baseline(Scenario s) {
      this.maxLoad = s.maxLoad();
    }

    @Override
    public void polled(FleetSnapshot snapshot) {
      List<Bridge> e = new ArrayList<>();
      for (Bridge b : snapshot.bridges()) {
        if (b.up() && !b.draining() && b.load() < maxLoad) {
          e.add(b);
        }
      }
      eligible = e;
    }
  }

  /** Uniformly random among the eligible. */
  final class RandomChoice extends Baseline {
    private final SplittableRandom random;

    RandomChoice(Scenario s, long seed) {
      super(s);
      this.random = new SplittableRandom(seed);
    }

    @Override
    public Bridge choose() {
      return eligible.isEmpty() ? null : eligible.get(random.nextInt(eligible.size()));
    }
  }

  /** Cycles through the eligible bridges. */
  final class RoundRobin extends Baseline {
    private int next;

    RoundRobin(Scenario s, long seed) {
      super(s);
      this.next = new SplittableRandom(seed).nextInt(1000);
    }

    @Override
    public Bridge choose() {
      return eligible.isEmpty() ? null : eligible.get(Math.floorMod(next++, eligible.size()));
    }
  }

  /**
   * The apparently least loaded bridge, adding {@code perRoom} to a bridge's load for every room
   * sent there since the poll: Scalelite with one room's cost, the naive 30 s-poll design of
   * CONTEXT.md with 0.
   */
  final class LeastLoaded extends Baseline {
    private final double roomCost;
    private double[] added = new double[0];

    LeastLoaded(Scenario s, double perRoom) {
      super(s);
      this.roomCost = perRoom;
    }

    @Override
    public void polled(FleetSnapshot snapshot) {
      super.polled(snapshot);
      added = new double[eligible.size()];
    }

    @Override
    public Bridge choose() {
      int best = -1;
      for (int i = 0; i < eligible.size(); i++) {
        double l = eligible.get(i).load() + added[i];
        if (l < maxLoad && (best < 0 || l < eligible.get(best).load() + added[best])) {
          best = i;
        }
      }
      if (best < 0) {
        return null;
      }
      added[best] += roomCost;
      return eligible.get(best);
    }
  }

  /** Power of two random choices on the polled load, without accounting. */
  final class TwoChoices extends Baseline {
    private final SplittableRandom random;

    TwoChoices(Scenario s, long seed) {
      super(s);
      this.random = new SplittableRandom(seed);
    }

    @Override
    public Bridge choose() {
      if (eligible.isEmpty()) {
        return null;
      }
      Bridge a = eligible.get(random.nextInt(eligible.size()));
      Bridge b = eligible.get(random.nextInt(eligible.size()));
      return a.load() <= b.load() ? a : b;
    }
  }
}
