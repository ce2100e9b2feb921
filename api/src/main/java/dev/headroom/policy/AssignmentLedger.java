package dev.headroom.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * How many rooms this replica handed to each bridge, by second, over a bounded horizon.
 *
 * <p>Memory is bounded twice: entries expire {@code horizon} after their last write (Caffeine,
 * driven by the injected clock), at most {@value #MAX_BRIDGES} bridges are tracked, and each
 * bridge keeps at most one bucket per second of the horizon. Rooms older than the horizon are no
 * longer counted: by then a poll has either shown their load or they are assumed to have settled.
 *
 * <p>Thread-safe.
 */
public final class AssignmentLedger {
  static final int MAX_BRIDGES = 100_000;

  private final Cache<String, Buckets> counts;
  private final long horizonSeconds;

  /**
   * @param horizon how long an assignment is remembered
   * @param clock time source for the buckets and for expiry
   */
  public AssignmentLedger(Duration horizon, Clock clock) {
    this.horizonSeconds = Math.max(1, horizon.toSeconds());
    this.counts =
        Caffeine.newBuilder()
            .maximumSize(MAX_BRIDGES)
            .expireAfterWrite(horizon)
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /** Counts one room handed to {@code bridge} at {@code at}. */
  public void record(String bridge, Instant at) {
    record(bridge, at, 1);
  }

  /** Counts {@code rooms} rooms handed to {@code bridge} at {@code at}; nothing when not positive. */
  public void record(String bridge, Instant at, long rooms) {
    if (rooms <= 0) {
      return;
    }
    counts.asMap().compute(
        bridge,
        (k, b) -> {
          Buckets buckets = b == null ? new Buckets() : b;
          buckets.add(at.getEpochSecond(), rooms, horizonSeconds);
          return buckets;
        });
  }

  /** Rooms handed to {@code bridge} at or after {@code since} (to the second). */
  public int countSince(String bridge, Instant since) {
    Buckets b = counts.getIfPresent(bridge);
    return b == null ? 0 : b.since(since.getEpochSecond());
  }

  /**
   * Rooms handed to {@code bridge} that a snapshot taken at {@code takenAt} cannot fully show yet:
   * those from {@code takenAt} on count 1, those from the {@code lag} before it count less the
   * longer before {@code takenAt} they were handed out (a rate over a window of {@code lag} sees a
   * fraction of them), older ones count 0.
   */
  public double unseenSince(String bridge, Instant takenAt, Duration lag) {
    Buckets b = counts.getIfPresent(bridge);
    return b == null ? 0 : b.unseen(takenAt.getEpochSecond(), Math.max(0, lag.toSeconds()));
  }

  /**
   * As {@link #unseenSince(String, Instant, Duration)}, counting only rooms handed out at or after
   * {@code from} (to the second).
   */
  public double unseenSince(String bridge, Instant takenAt, Duration lag, Instant from) {
    Buckets b = counts.getIfPresent(bridge);
    return b == null
        ? 0
        : b.unseen(takenAt.getEpochSecond(), Math.max(0, lag.toSeconds()), from.getEpochSecond());
  }

  /** How many bridges are being tracked now (after pending expiry). */
  long trackedBridges() {
    counts.cleanUp();
    return counts.estimatedSize();
  }

  /** Per-second counts for one bridge, oldest first. */
  private static final class Buckets {
    private final ArrayDeque<long[]> buckets = new ArrayDeque<>();

    synchronized void add(long second, long rooms, long horizon) {
      long[] last = buckets.peekLast();
      if (last != null && last[0] == second) {
        last[1] += rooms;
      } else if (last != null && last[0] > second) {
        // Out of order (a peer's rooms dated back): keep the deque ordered by inserting in place.
        java.util.List<long[]> tail = new java.util.ArrayList<>();
        while (!buckets.isEmpty() && buckets.peekLast()[0] > second) {
          tail.add(0, buckets.removeLast());
        }
        long[] at = buckets.peekLast();
        if (at != null && at[0] == second) {
          at[1] += rooms;
        } else {
          buckets.addLast(new long[] {second, rooms});
        }
        buckets.addAll(tail);
      } else {
        buckets.addLast(new long[] {second, rooms});
      }
      while (!buckets.isEmpty() && buckets.peekFirst()[0] <= second - horizon) {
        buckets.removeFirst();
      }
    }

    synchronized double unseen(long takenAt, long lag) {
      return unseen(takenAt, lag, Long.MIN_VALUE);
    }

    synchronized double unseen(long takenAt, long lag, long from) {
      double n = 0;
      Iterator<long[]> it = buckets.descendingIterator();
      while (it.hasNext()) {
        long[] b = it.next();
        if (b[0] < from) {
          break;
        }
        if (b[0] >= takenAt) {
          n += b[1];
        } else if (b[0] > takenAt - lag) {
          n += b[1] * (1 - (takenAt - b[0]) / (double) lag);
        } else {
          break;
        }
      }
      return n;
    }

    synchronized int since(long second) {
      int n = 0;
      Iterator<long[]> it = buckets.descendingIterator();
      while (it.hasNext()) {
        long[] b = it.next();
        if (b[0] < second) {
          break;
        }
        n += (int) b[1];
      }
      return n;
    }
  }
}
