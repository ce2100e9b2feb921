package dev.headroom.policy;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Chooses the bridge for each room from a snapshot that may be up to one poll old.
 *
 * <p><b>Eligible</b> means healthy, not draining and with an estimated load below {@code maxLoad}.
 * The <b>estimated load</b> is the snapshot's load plus one room's cost for every room this
 * replica handed to the bridge that the snapshot cannot show yet (the {@link AssignmentLedger}).
 * One room's cost is {@code roomCost} on a bridge of the snapshot's median size and {@code
 * roomCost × median ÷ size} on others ({@link FleetSnapshot#costFactor}). Rooms
 * handed out after the snapshot's data was taken count fully; since the load is a rate over
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
 * <p><b>Other replicas</b> ({@link PeerLedger}, off when built without one): their rooms, read
 * from Prometheus after each poll, count like this replica's own; each of this replica's rooms
 * since then counts {@link PeerLedger#fanOut() fan-out} (N) times, standing for the rooms the others
 * hand out meanwhile; the best few grow to {@code choices} × N; and tied bridges (less than half a
 * room's cost apart) are taken
 * in turns (rotated by this replica's rank among the replicas seen) instead of drawn, so that N
 * replicas on an even fleet interleave. With fan-out 1 every decision is exactly as without peers.
 *
 * <p><b>Named rooms</b> (a name is one meeting) go to the first bridge in rendezvous
 * (highest-random-weight) order of the name over the bridges that are up, not draining and whose
 * <i>polled</i> load is below {@code hardMaxLoad}. The region asked for is ignored, and so is
 * everything local to this replica (the ledger's estimate is charged for the room but never
 * changes which bridge): every replica sees the same snapshot, so every replica picks the same
 * bridge. A bridge above {@code maxLoad} keeps its named rooms (running meetings grow into the
 * margin up to {@code hardMaxLoad}); down, draining or at {@code hardMaxLoad} it loses them to
 * each name's next bridge in rendezvous order, and removing a bridge moves only its own names.
 *
 * <p>A healthy bridge whose load is unknown ({@link Bridge#loadUnknown()}: no usable sample since
 * Headroom started) is not down: it takes rooms, new or named, as if idle, only when no bridge
 * with a known load can take them.
 *
 * <p>For new rooms a region, when given, is preferred while it has an eligible bridge; otherwise
 * the room spills to the whole fleet and the choice says so.
 *
 * <p>Cost: per snapshot the policy builds an index (O(n log n), amortised over the rooms handed
 * out until the next poll) that keeps the eligible bridges ordered by estimated load and is
 * updated as rooms are handed out, so a new-room decision is O(choices × log n). A named room is
 * O(n) cheap hash mixes. The index is also rebuilt every {@value #REBUILD_SECONDS} s so that rooms
 * past the ledger's horizon stop counting while a snapshot grows stale.
 *
 * <p>Thread-safe: decisions serialise on the policy (each takes microseconds); the random source
 * is only used under that lock.
 */
public final class Policy {
  static final long REBUILD_SECONDS = 10;


  private final double maxLoad;
  private final double hardMaxLoad;
  private final double roomCost;
  private final int choices;
  private final double spread;
  private final java.time.Duration visibility;
  private final AssignmentLedger ledger;
  private final Clock clock;
  private final RandomGenerator random;
  private final PeerLedger peers;
  private Index index; // guarded by this

  /**
   * A policy whose named rooms leave a bridge at {@code max(maxLoad, 0.95)}, the default
   * {@code HEADROOM_HARD_MAX_LOAD}; see the full constructor.
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
    this(maxLoad, Math.max(maxLoad, 0.95), roomCost, choices, spread, visibility, ledger, clock, random);
  }

  /**
   * @param maxLoad a bridge at or above this estimated load gets no new rooms
   * @param hardMaxLoad a bridge at or above this polled load loses its named rooms (at least
   *     {@code maxLoad})
   * @param roomCost load one new room is assumed to add until a poll shows it
   * @param choices how many of the least loaded bridges a new room is drawn from (at least 1)
   * @param spread how far above the least estimated load a bridge may be and still be drawn
   * @param visibility how long a new room takes to show fully in the polled load (the rate window)
   */
  public Policy(
      double maxLoad,
      double hardMaxLoad,
      double roomCost,
      int choices,
      double spread,
      java.time.Duration visibility,
      AssignmentLedger ledger,
      Clock clock,
      RandomGenerator random) {
    this(maxLoad, hardMaxLoad, roomCost, choices, spread, visibility, ledger, clock, random, PeerLedger.none());
  }

  /**
   * As above, also counting the rooms the other replicas handed out ({@code peers}; see {@link
   * PeerLedger}): their rooms count like this replica's own, and each of this replica's rooms
   * since the peers were last observed counts {@link PeerLedger#fanOut()} times.
   */
  public Policy(
      double maxLoad,
      double hardMaxLoad,
      double roomCost,
      int choices,
      double spread,
      java.time.Duration visibility,
      AssignmentLedger ledger,
      Clock clock,
      RandomGenerator random,
      PeerLedger peers) {
    this.peers = Objects.requireNonNull(peers, "peers");
    if (!(hardMaxLoad >= maxLoad)) {
      throw new IllegalArgumentException(
          "hardMaxLoad must be at least maxLoad (" + maxLoad + "), was " + hardMaxLoad);
    }
    this.hardMaxLoad = hardMaxLoad;
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
  public synchronized Choice assignNew(FleetSnapshot snapshot, String region)
      throws UnknownRegionException, NoCapacityException {
    try {
      return assignNewFrom(snapshot, region);
    } catch (NoCapacityException e) {
      FleetSnapshot assumed = unknownLoadsAssumed(snapshot);
      if (assumed == null) {
        throw e;
      }
      return assignNewFrom(assumed, region);
    }
  }

  private Choice assignNewFrom(FleetSnapshot snapshot, String region)
      throws UnknownRegionException, NoCapacityException {
    checkRegion(snapshot, region);
    Index idx = index(snapshot);
    boolean spilled = false;
    Entry chosen = null;
    if (region != null) {
      TreeSet<Entry> inRegion = idx.openByRegion.get(region);
      chosen = inRegion == null ? null : drawFromBest(inRegion);
      spilled = chosen == null;
    }
    if (chosen == null) {
      chosen = drawFromBest(idx.open);
    }
    if (chosen == null) {
      throw new NoCapacityException(why(snapshot));
    }
    double before = chosen.estimated;
    idx.charge(chosen, chosen.cost * idx.fanOut, maxLoad);
    return record(chosen.bridge, before, chosen.cost * idx.fanOut, spilled);
  }

  /** The polled load at which a bridge loses its named rooms. */
  public double hardMaxLoad() {
    return hardMaxLoad;
  }

  /**
   * Chooses the bridge for a named room (already {@link RoomNames#normalise normalised}) and
   * counts the room against it. Every policy given the same snapshot returns the same bridge,
   * whatever region is asked for (it is ignored: the choice's region is its bridge's) and
   * whatever rooms this policy handed out before; the choice never says it spilled.
   *
   * @param region ignored; kept so that callers need not tell the two kinds of room apart
   * @throws NoCapacityException when every bridge is down, draining or at the hard maximum
   */
  public synchronized Choice assignNamed(FleetSnapshot snapshot, String room, String region)
      throws NoCapacityException {
    try {
      return assignNamedFrom(snapshot, room);
    } catch (NoCapacityException e) {
      FleetSnapshot assumed = unknownLoadsAssumed(snapshot);
      if (assumed == null) {
        throw e;
      }
      return assignNamedFrom(assumed, room);
    }
  }

  // Healthy bridges whose load is unknown (Bridge.loadUnknown) take rooms only while no bridge
  // with a known load can: then they are treated as idle, and the rooms handed to them since the
  // snapshot (the ledger) spread the next ones. The derived snapshot is kept per snapshot.
  private FleetSnapshot assumedFor;
  private FleetSnapshot assumed;

  private FleetSnapshot unknownLoadsAssumed(FleetSnapshot snapshot) {
    if (assumedFor != snapshot) {
      List<Bridge> bridges = new ArrayList<>(snapshot.bridges().size());
      boolean any = false;
      for (Bridge b : snapshot.bridges()) {
        boolean unknown = b.loadUnknown() && !b.draining();
        any |= unknown;
        bridges.add(unknown ? b.withAssumedLoad(0) : b);
      }
      assumedFor = snapshot;
      assumed = any ? new FleetSnapshot(snapshot.takenAt(), bridges) : null;
    }
    return assumed;
  }

  private Choice assignNamedFrom(FleetSnapshot snapshot, String room) throws NoCapacityException {
    Index idx = index(snapshot);
    Entry chosen = rendezvous(mix(fnv1a(room)), idx.named);
    if (chosen == null) {
      throw new NoCapacityException(why(snapshot));
    }
    double before = chosen.estimated;
    idx.charge(chosen, chosen.cost * idx.fanOut, maxLoad);
    return record(chosen.bridge, before, chosen.cost * idx.fanOut, false);
  }

  /** Every bridge of the snapshot with its estimated load and state, ordered by URL. */
  public List<BridgeStatus> status(FleetSnapshot snapshot) {
    List<BridgeStatus> out = new ArrayList<>(snapshot.bridges().size());
    for (Bridge b : snapshot.bridges()) {
      int assigned = ledger.countSince(b.url(), snapshot.takenAt());
      double est = b.up() ? estimated(b, snapshot) : Double.NaN;
      BridgeStatus.State state;
      if (b.loadUnknown()) {
        // Healthy with no load known: not down, a fallback for new rooms (see assignNew).
        state = b.draining() ? BridgeStatus.State.DRAINING : BridgeStatus.State.OK;
      } else if (!b.up()) {
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

  private Choice record(Bridge b, double estimatedBefore, double cost, boolean spilled) {
    ledger.record(b.url(), clock.instant());
    return new Choice(b, estimatedBefore + cost, spilled);
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

  private double estimated(Bridge b, FleetSnapshot snapshot) {
    return b.load()
        + roomCost(b, snapshot)
            * (ledger.unseenSince(b.url(), snapshot.takenAt(), visibility) + peerRooms(b, snapshot.takenAt()));
  }

  /**
   * What one new room adds to this bridge's load: {@code roomCost} on a bridge of the fleet's
   * median size (or of unknown size), scaled by median ÷ size on others (ElasticRTC's load = Σ
   * cost ÷ CPUs), so a bridge four times as large takes about four times the rooms.
   */
  private double roomCost(Bridge b, FleetSnapshot snapshot) {
    return roomCost * snapshot.costFactor(b);
  }

  /**
   * The other replicas' rooms, in rooms: those observed through Prometheus, plus (fan-out − 1) for
   * each of this replica's rooms since the observation, standing for theirs meanwhile. 0 when alone.
   */
  private double peerRooms(Bridge b, Instant takenAt) {
    Instant asOf = peers.asOf();
    if (asOf == null) {
      return 0;
    }
    double extra = (peers.fanOut() - 1) * ledger.unseenSince(b.url(), takenAt, visibility, asOf);
    return peers.unseen(b.url(), takenAt, visibility) + extra;
  }

  /**
   * The "best few": up to {@code choices} entries with the lowest estimates, keeping only those
   * within {@code spread} of the lowest; one of them drawn with weights proportional to headroom.
   */
  private Entry drawFromBest(TreeSet<Entry> open) {
    if (open.isEmpty()) {
      return null;
    }
    // Draw wider when more replicas draw: N replicas drawing from the same few would together put
    // N times the rooms on them, so each one's few grows to choices × N.
    double fanOut = index.fanOut;
    int width = (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(choices * fanOut));
    Entry[] best = new Entry[Math.min(width, open.size())];
    int kept = 0;
    double lowest = open.first().estimated;
    double total = 0;
    Entry first = null;
    for (Entry e : open) {
      if (kept == best.length || e.estimated > lowest + spread) {
        break;
      }
      best[kept++] = e;
      total += maxLoad - e.estimated;
      if (e.estimated <= lowest + roomCost / 2 && (first == null || e.turn < first.turn)) {
        first = e;
      }
    }
    if (fanOut > 1 && kept > 1 && best[1].estimated <= lowest + roomCost / 2) {
      // Ties (an even fleet: estimates less than half a room apart, below what a room changes and
      // above a CPU measurement's jitter) are taken in turns instead of drawn: each replica starts its round
      // of the tied bridges at its own place (its rank among the replicas seen), so the replicas'
      // rooms interleave rather than collide at random.
      return first;
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

  private static Entry rendezvous(long roomHash, Entry[] eligible) {
    Entry winner = null;
    long top = 0;
    for (Entry e : eligible) {
      long score = mix(roomHash ^ e.hash);
      if (winner == null
          || Long.compareUnsigned(score, top) > 0
          || (score == top && e.bridge.url().compareTo(winner.bridge.url()) < 0)) {
        winner = e;
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
    Instant now = clock.instant();
    if (index == null
        || index.snapshot != snapshot
        || index.peersVersion != peers.version()
        || now.isAfter(index.builtAt.plusSeconds(REBUILD_SECONDS))
        || now.isBefore(index.builtAt)) {
      index = new Index(snapshot, now, random.nextLong());
    }
    return index;
  }

  /** One bridge in the index; its estimate changes only under the policy's lock. */
  private static final class Entry {
    final Bridge bridge;
    final long hash;
    final long tieBreak;
    final double cost;
    int turn;
    double estimated;

    Entry(Bridge bridge, long hash, long tieBreak, double estimated, double cost) {
      this.bridge = bridge;
      this.hash = hash;
      this.tieBreak = tieBreak;
      this.estimated = estimated;
      this.cost = cost;
    }
  }

  private static final Comparator<Entry> BY_ESTIMATE =
      Comparator.<Entry>comparingDouble(e -> e.estimated)
          .thenComparingLong(e -> e.tieBreak)
          .thenComparing(e -> e.bridge.url());

  /**
   * Per-snapshot state. {@code named}: bridges that may take named rooms by the snapshot alone
   * (up, not draining, polled load below the hard maximum). {@code open*}: those whose polled load
   * and estimate are still below the max load, ordered by estimate (new rooms).
   */
  private final class Index {
    final FleetSnapshot snapshot;
    final Instant builtAt;
    final long peersVersion = peers.version();
    final double fanOut = peers.fanOut();
    final Entry[] named;
    final TreeSet<Entry> open = new TreeSet<>(BY_ESTIMATE);
    final Map<String, TreeSet<Entry>> openByRegion = new HashMap<>();

    Index(FleetSnapshot snapshot, Instant builtAt, long salt) {
      this.snapshot = snapshot;
      this.builtAt = builtAt;
      List<Entry> all = new ArrayList<>();
      for (Bridge b : snapshot.bridges()) {
        if (b.up() && !b.draining() && b.load() < hardMaxLoad) {
          long hash = mix(fnv1a(b.url()));
          Entry e = new Entry(b, hash, mix(hash ^ salt), estimated(b, snapshot), roomCost(b, snapshot));
          all.add(e);
          if (b.load() < maxLoad && e.estimated < maxLoad) {
            open.add(e);
            openByRegion.computeIfAbsent(b.region(), r -> new TreeSet<>(BY_ESTIMATE)).add(e);
          }
        }
      }
      this.named = all.toArray(new Entry[0]);
      // Turns: the bridges in hash order (the same on every replica), rotated by this replica's
      // share of the way round, so replica k of n starts k/n of the way along.
      Entry[] byHash = named.clone();
      java.util.Arrays.sort(byHash, Comparator.comparingLong((Entry e) -> e.hash).thenComparing(e -> e.bridge.url()));
      int offset = (int) Math.round(byHash.length * (double) peers.rank() / peers.replicas());
      for (int i = 0; i < byHash.length; i++) {
        byHash[i].turn = Math.floorMod(i - offset, byHash.length);
      }
    }

    /** Adds one room's cost to an entry, keeping both orderings right. */
    void charge(Entry e, double cost, double max) {
      TreeSet<Entry> region = openByRegion.get(e.bridge.region());
      boolean wasOpen = open.remove(e);
      if (region != null) {
        region.remove(e);
      }
      e.estimated += cost;
      if (wasOpen && e.estimated < max) {
        open.add(e);
        if (region != null) {
          region.add(e);
        }
      }
    }
  }
}
