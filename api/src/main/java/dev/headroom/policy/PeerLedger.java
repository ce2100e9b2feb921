package dev.headroom.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the other replicas handed out, as far as Prometheus has seen it, and how many rooms the
 * whole fleet of replicas hands out for each room this one does.
 *
 * <p>Every replica exports {@code headroom_assignments_total{bridge,region,replica}}; Prometheus
 * scrapes them all. After each poll the replica reads the counters, per replica and bridge
 * ({@link #observe}), and keeps two things:
 *
 * <ul>
 *   <li>the <b>other replicas' rooms</b>: the growth of their counters since the previous
 *       observation, dated halfway between the two, so the policy counts them against a bridge
 *       exactly like its own rooms until the polled load shows them ({@link #unseen});
 *   <li>the <b>fan-out</b>: (all replicas' rooms ÷ this replica's rooms) over the horizon, at
 *       least 1 and at most the number of replicas seen. The counters arrive one scrape late and
 *       the replicas keep handing out rooms between polls without seeing each other; the policy
 *       therefore charges each of its own rooms since the newest observation {@link
 *       #fanOut()} times, standing for the rooms the others are handing out meanwhile (they
 *       follow the same estimate, so they fill the same least loaded bridges).
 * </ul>
 *
 * <p>This replica recognises its own series by its {@link #self() replica id}, a random label value
 * chosen per process: Headroom cannot know the {@code instance} address Prometheus scrapes it at.
 * A counter that went down (a restart under the same id) counts from zero; a replica seen for the
 * first time is only a baseline for the next observation. Without observations — the query is
 * switched off, failing, or the replicas are not scraped — there are no other rooms and the
 * fan-out is 1: the policy behaves exactly as a replica alone. Observations older than the
 * horizon are forgotten, so a peers query that stops answering fades back to that behaviour.
 *
 * <p>Thread-safe: observations come from the poller thread, reads from request threads.
 */
public final class PeerLedger {
  private static final PeerLedger NONE = new PeerLedger("", Duration.ofSeconds(1), Clock.systemUTC());

  private final String self;
  private final Duration horizon;
  private final Clock clock;
  private final AssignmentLedger others;
  private final ArrayDeque<Share> shares = new ArrayDeque<>(); // guarded by this
  private Map<String, Map<String, Double>> previous = Map.of(); // guarded by this
  private Instant previousAsOf; // guarded by this
  private int replicasSeen = 1; // guarded by this
  private int rank; // guarded by this
  private long version; // guarded by this

  private record Share(Instant asOf, double own, double others) {}

  /**
   * @param self this replica's value of the {@code replica} label
   * @param horizon how long other replicas' rooms are remembered and the fan-out is averaged
   */
  public PeerLedger(String self, Duration horizon, Clock clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.horizon = Objects.requireNonNull(horizon, "horizon");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.others = new AssignmentLedger(horizon, clock);
  }

  /** A ledger that never observes anything: no other rooms, fan-out 1. */
  public static PeerLedger none() {
    return NONE;
  }

  /** This replica's value of the {@code replica} label. */
  public String self() {
    return self;
  }

  /**
   * Takes in the assignment counters of every replica, read at {@code asOf}.
   *
   * @param counters replica id → bridge URL → counter value (rooms handed out since that replica
   *     started); this replica's own entry is used for the fan-out only
   */
  public synchronized void observe(Map<String, Map<String, Double>> counters, Instant asOf) {
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(asOf, "asOf");
    if (this == NONE) {
      return;
    }
    Instant dated =
        previousAsOf == null || !previousAsOf.isBefore(asOf)
            ? asOf
            : asOf.minus(Duration.between(previousAsOf, asOf).dividedBy(2));
    double own = 0;
    double rest = 0;
    for (Map.Entry<String, Map<String, Double>> replica : counters.entrySet()) {
      Map<String, Double> before = previous.get(replica.getKey());
      if (before == null) {
        continue; // first sight of this replica: a baseline only
      }
      boolean isSelf = replica.getKey().equals(self);
      for (Map.Entry<String, Double> bridge : replica.getValue().entrySet()) {
        double now = bridge.getValue();
        if (!Double.isFinite(now) || now < 0) {
          continue;
        }
        Double was = before.get(bridge.getKey());
        double grew = was == null || now < was ? now : now - was;
        if (isSelf) {
          own += grew;
        } else {
          rest += grew;
          others.record(bridge.getKey(), dated, Math.round(grew));
        }
      }
    }
    if (previousAsOf != null) {
      shares.addLast(new Share(asOf, own, rest));
    }
    while (!shares.isEmpty() && shares.peekFirst().asOf().isBefore(asOf.minus(horizon))) {
      shares.removeFirst();
    }
    Map<String, Map<String, Double>> copy = new HashMap<>();
    counters.forEach((r, m) -> copy.put(r, Map.copyOf(m)));
    previous = copy;
    previousAsOf = asOf;
    java.util.TreeSet<String> ids = new java.util.TreeSet<>(counters.keySet());
    ids.add(self);
    replicasSeen = ids.size();
    rank = ids.headSet(self).size();
    version++;
  }

  /**
   * Rooms other replicas handed to {@code bridge} that a snapshot taken at {@code takenAt} cannot
   * fully show yet, weighted as {@link AssignmentLedger#unseenSince} weights this replica's own.
   */
  public double unseen(String bridge, Instant takenAt, Duration lag) {
    return this == NONE ? 0 : others.unseenSince(bridge, takenAt, lag);
  }

  /**
   * How many rooms all replicas hand out for each one this replica does: 1 without recent
   * observations or when alone, else the recent ratio (or, before this replica handed out
   * anything, the number of replicas seen), never above the number of replicas seen.
   */
  public synchronized double fanOut() {
    if (previousAsOf == null || previousAsOf.isBefore(clock.instant().minus(horizon))) {
      return 1;
    }
    double own = 0;
    double rest = 0;
    for (Share s : shares) {
      own += s.own();
      rest += s.others();
    }
    if (rest <= 0) {
      return 1;
    }
    double ratio = own > 0 ? (own + rest) / own : replicasSeen;
    return Math.max(1, Math.min(replicasSeen, ratio));
  }

  /**
   * When the newest observation was read; this replica's rooms from then on are charged {@link
   * #fanOut()} times. {@code null} before the first.
   */
  public synchronized Instant asOf() {
    return previousAsOf;
  }

  /** This replica's place (from 0) among the replica ids seen, in sorted order. */
  public synchronized int rank() {
    return rank;
  }

  /** How many replicas the newest observation saw, this one included (1 before any). */
  public synchronized int replicas() {
    return replicasSeen;
  }

  /** Changes with every observation (the policy rebuilds its estimates when it does). */
  public synchronized long version() {
    return version;
  }
}
