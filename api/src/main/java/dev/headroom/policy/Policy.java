package dev.headroom.policy;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Chooses the bridge for each room from a snapshot that may be up to one poll old.
 *
 * <p><b>Eligible</b> means healthy, not draining and with an estimated load below {@code maxLoad}.
 * The <b>estimated load</b> is the snapshot's load plus {@code roomCost} for every room this
 * replica handed to the bridge that the snapshot cannot show yet (the {@link AssignmentLedger}):
 * rooms handed out after the snapshot's data was taken count fully; since the load is a rate over
 * a window ({@code visibility}, the {@code [1m]} of the load query), rooms handed out within that
 * window before it count in proportion to the part of the window that has not seen them.
 *
 * <p><b>New rooms</b> go to one of the "best few": the (at most {@code choices}) eligible bridges with
 * the lowest estimated load that are within {@code spread} of the lowest, drawn at random with
 * weights proportional to each one's remaining headroom ({@code maxLoad - estimated}). A bridge
 * clearly less loaded than the rest always wins; bridges that are about as loaded as each other
 * (within the noise of a CPU measurement) share the rooms. Local accounting spreads a burst across the fleet within one replica; the random
 * draw among the best few keeps replicas that cannot see each other's rooms from all picking the
 * same bridge (as in Mitzenmacher's analysis of stale load information).
 *
 * <p><b>Named rooms</b> use rendezvous (highest-random-weight) hashing over the bridges that are
 * eligible <i>by the snapshot alone</i>: every replica sees the same snapshot, so every replica
 * picks the same bridge, and removing a bridge moves only the rooms that were on it. Local
 * accounting is left out of this choice on purpose, since it differs between replicas.
 *
 * <p>A region, when given, is preferred while it has an eligible bridge; otherwise the room spills
 * to the whole fleet and the choice says so. Thread-safe when the random source is (use {@link
 * java.util.concurrent.ThreadLocalRandom#current()} when sharing one policy between threads).
 */
public final class Policy {
  private final double maxLoad;
  private final double roomCost;
  private final int choices;
  private final double spread;
  private final java.time.Duration visibility;
  private final AssignmentLedger ledger;
  private final Clock clock;
  private final RandomGenerator random;
  private volatile Index index;

  /**
   * @param maxLoad a bridge at or above this estimated load gets no new rooms
   * @param roomCost load one new room is assumed to add until a poll shows it
   * @param choices how many of the least loaded bridges a new room is drawn from (at least 1)
   * @param spread how far above the least estimated load a bridge may be and still be drawn
   * @param visibility how long a new room takes to show fully in the polled load (the rate window)
   */
  public Policy(
      double maxLoad,
      double roomCost,
      int choices,
      double spread,
      java.time.Duration visibility,
      AssignmentLedger ledger,
      Clock clock,
      RandomGenerator random) {
    if (choices < 1) {
      throw new IllegalArgumentException("choices must be at least 1, was " + choices);
    }
    this.maxLoad = maxLoad;
    this.roomCost = roomCost;
    this.choices = choices;
    this.spread = spread;
    this.visibility = Objects.requireNonNull(visibility, "visibility");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The maximum load this policy was built with. */
  public double maxLoad() {
    return maxLoad;
  }

  /**
   * Chooses a bridge for a new room and counts the room against it.
   *
   * @param region preferred region, or {@code null} for any
   * @throws UnknownRegionException when no bridge carries {@code region}
   * @throws NoCapacityException when no bridge is eligible
   */
  public Choice assignNew(FleetSnapshot snapshot, String region)
      throws UnknownRegionException, NoCapacityException {
    Index idx = index(snapshot);
    checkRegion(snapshot, region);
    boolean spilled = false;
    Candidate c = null;
    if (region != null) {
      c = leastLoaded(idx, idx.byRegion.getOrDefault(region, new Bridge[0]), snapshot.takenAt());
      spilled = c == null;
    }
    if (c == null) {
      c = leastLoaded(idx, idx.all, snapshot.takenAt());
    }
    if (c == null) {
      throw new NoCapacityException(why(snapshot));
    }
    return record(c.bridge, c.estimated, spilled);
  }

  /**
   * Chooses the bridge for a named room (already {@link RoomNames#normalise normalised}) and
   * counts the room against it. Every policy given the same snapshot returns the same bridge.
   *
   * @throws UnknownRegionException when no bridge carries {@code region}
   * @throws NoCapacityException when no bridge is eligible
   */
  public Choice assignNamed(FleetSnapshot snapshot, String room, String region)
      throws UnknownRegionException, NoCapacityException {
    Index idx = index(snapshot);
    checkRegion(snapshot, region);
    boolean spilled = false;
    Bridge b = null;
    if (region != null) {
      b = rendezvous(room, idx.byRegion.getOrDefault(region, new Bridge[0]));
      spilled = b == null;
    }
    if (b == null) {
      b = rendezvous(room, idx.all);
    }
    if (b == null) {
      throw new NoCapacityException(why(snapshot));
    }
    return record(b, estimated(b, snapshot.takenAt()), spilled);
  }

  /** Every bridge of the snapshot with its estimated load and state, ordered by URL. */
  public List<BridgeStatus> status(FleetSnapshot snapshot) {
    List<BridgeStatus> out = new ArrayList<>(snapshot.bridges().size());
    for (Bridge b : snapshot.bridges()) {
      int assigned = ledger.countSince(b.url(), snapshot.takenAt());
      double est = b.up() ? estimated(b, snapshot.takenAt()) : Double.NaN;
      BridgeStatus.State state;
      if (!b.up()) {
        state = BridgeStatus.State.DOWN;
      } else if (b.draining()) {
        state = BridgeStatus.State.DRAINING;
      } else if (est >= maxLoad) {
        state = BridgeStatus.State.FULL;
      } else {
        state = BridgeStatus.State.OK;
      }
      out.add(new BridgeStatus(b, est, assigned, state));
    }
    return out;
  }

  private Choice record(Bridge b, double estimatedBefore, boolean spilled) {
    ledger.record(b.url(), clock.instant());
    return new Choice(b, estimatedBefore + roomCost, spilled);
  }

  private static void checkRegion(FleetSnapshot snapshot, String region)
      throws UnknownRegionException {
    if (region != null && !snapshot.regions().contains(region)) {
      throw new UnknownRegionException(region);
    }
  }

  private static NoCapacityException.Why why(FleetSnapshot snapshot) {
    boolean anyUp = false;
    for (Bridge b : snapshot.bridges()) {
      if (b.up() && !b.draining()) {
        return NoCapacityException.Why.BUSY;
      }
      anyUp |= b.up();
    }
    return anyUp ? NoCapacityException.Why.DRAINING : NoCapacityException.Why.NONE_UP;
  }

  private double estimated(Bridge b, Instant takenAt) {
    return b.load() + roomCost * ledger.unseenSince(b.url(), takenAt, visibility);
  }

  /**
   * Walks the bridges in order of snapshot load, keeping the {@code choices} lowest estimated
   * loads; stops as soon as no further bridge can beat the worst kept one, since an estimate is
   * never below the snapshot load. Then draws one of the kept bridges weighted by headroom.
   */
  private Candidate leastLoaded(Index idx, Bridge[] sortedByLoad, Instant takenAt) {
    Candidate[] best = new Candidate[choices];
    int kept = 0;
    long salt = random.nextLong();
    for (Bridge b : sortedByLoad) {
      if (kept == choices && b.load() > best[kept - 1].estimated) {
        break;
      }
      double est = estimated(b, takenAt);
      if (est >= maxLoad) {
        continue;
      }
      Candidate c = new Candidate(b, est, mix(salt ^ idx.hash(b)));
      if (kept < choices) {
        best[kept++] = c;
      } else if (c.compareTo(best[kept - 1]) < 0) {
        best[kept - 1] = c;
      } else {
        continue;
      }
      // keep sorted: insertion step
      for (int i = kept - 1; i > 0 && best[i].compareTo(best[i - 1]) < 0; i--) {
        Candidate t = best[i];
        best[i] = best[i - 1];
        best[i - 1] = t;
      }
    }
    if (kept == 0) {
      return null;
    }
    while (kept > 1 && best[kept - 1].estimated > best[0].estimated + spread) {
      kept--;
    }
    double total = 0;
    for (int i = 0; i < kept; i++) {
      total += maxLoad - best[i].estimated;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < kept; i++) {
      r -= maxLoad - best[i].estimated;
      if (r < 0) {
        return best[i];
      }
    }
    return best[kept - 1];
  }

  private static Bridge rendezvous(String room, Bridge[] eligible) {
    Bridge winner = null;
    long top = 0;
    long roomHash = fnv1a(room);
    for (Bridge b : eligible) {
      long score = mix(roomHash ^ mix(fnv1a(b.url())));
      if (winner == null
          || Long.compareUnsigned(score, top) > 0
          || (score == top && b.url().compareTo(winner.url()) < 0)) {
        winner = b;
        top = score;
      }
    }
    return winner;
  }

  /** 64-bit FNV-1a over UTF-8: stable across JVMs and versions, unlike String.hashCode. */
  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finaliser: spreads every input bit over the whole word. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private Index index(FleetSnapshot snapshot) {
    Index i = index;
    if (i == null || i.snapshot != snapshot) {
      i = new Index(snapshot, maxLoad);
      index = i;
    }
    return i;
  }

  private record Candidate(Bridge bridge, double estimated, long tieBreak)
      implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      int c = Double.compare(estimated, o.estimated);
      return c != 0 ? c : Long.compare(tieBreak, o.tieBreak);
    }
  }

  /** Per-snapshot precomputation: the snapshot-eligible bridges, sorted by snapshot load. */
  private static final class Index {
    final FleetSnapshot snapshot;
    final Bridge[] all;
    final Map<String, Bridge[]> byRegion = new HashMap<>();
    final Map<String, Long> hashes = new HashMap<>();

    Index(FleetSnapshot snapshot, double maxLoad) {
      this.snapshot = snapshot;
      Comparator<Bridge> byLoad = Comparator.comparingDouble(Bridge::load).thenComparing(Bridge::url);
      List<Bridge> eligible = new ArrayList<>();
      Map<String, List<Bridge>> regions = new HashMap<>();
      for (Bridge b : snapshot.bridges()) {
        if (b.up() && !b.draining() && b.load() < maxLoad) {
          eligible.add(b);
          regions.computeIfAbsent(b.region(), r -> new ArrayList<>()).add(b);
          hashes.put(b.url(), mix(fnv1a(b.url())));
        }
      }
      eligible.sort(byLoad);
      this.all = eligible.toArray(new Bridge[0]);
      regions.forEach(
          (r, list) -> {
            Bridge[] arr = list.toArray(new Bridge[0]);
            Arrays.sort(arr, byLoad);
            byRegion.put(r, arr);
          });
    }

    long hash(Bridge b) {
      return hashes.get(b.url());
    }
  }
}
