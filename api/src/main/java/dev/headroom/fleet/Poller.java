package dev.headroom.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link FleetSource} on one daemon thread at a fixed rate and publishes the newest
 * successful snapshot.
 *
 * <p>Polls never overlap: they run on a single thread, and a poll that runs long delays the next
 * one rather than starting a second. A failed poll keeps the previous snapshot, is logged once at
 * WARN with its cause and is reported to the {@link Listener}. All public methods are thread-safe.
 */
public final class Poller implements FleetView, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

  /** Hears about every poll; called on the poller thread, must not block. */
  public interface Listener {
    void polled(FleetSnapshot snapshot, Duration took);

    void failed(FleetSourceException cause, Duration took);
  }

  private final FleetSource source;
  private final Duration interval;
  private final Clock clock;
  private final Listener listener;
  private final AtomicReference<FleetSnapshot> current = new AtomicReference<>();
  private final AtomicReference<Instant> nextPollAt = new AtomicReference<>();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private final Object pollLock = new Object();
  private ScheduledExecutorService executor;

  public Poller(FleetSource source, Duration interval, Clock clock, Listener listener) {
    this.source = source;
    this.interval = interval;
    this.clock = clock;
    this.listener = listener;
    this.nextPollAt.set(clock.instant());
  }

  /** Polls at once, then every interval, until {@link #close()}. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("the poller is already running");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "headroom-poller");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleAtFixedRate(this::pollOnceSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollOnceSafely() {
    try {
      pollOnce();
    } catch (RuntimeException | Error e) {
      // Never let the schedule die: a later poll may well succeed.
      LOG.error("Poll crashed; the next one runs as scheduled", e);
    }
  }

  /**
   * Runs one poll now, on the caller's thread (waiting for any poll in progress to end first).
   *
   * @return whether it produced a new snapshot
   */
  public boolean pollOnce() {
    synchronized (pollLock) {
      Instant start = clock.instant();
      nextPollAt.set(start.plus(interval));
      try {
        FleetSnapshot snapshot = source.fetch(start);
        Duration took = Duration.between(start, clock.instant());
        FleetSnapshot previous = current.getAndSet(snapshot);
        long failures = consecutiveFailures.getAndSet(0);
        if (failures > 0) {
          LOG.info("Poll succeeded again after {} failed poll(s)", failures);
        }
        logChanges(previous, snapshot);
        listener.polled(snapshot, took);
        return true;
      } catch (FleetSourceException e) {
        Duration took = Duration.between(start, clock.instant());
        long failures = consecutiveFailures.incrementAndGet();
        FleetSnapshot kept = current.get();
        LOG.warn(
            "Poll failed ({}), {}; {}",
            e.reason(),
            e.getMessage(),
            kept == null
                ? "no snapshot yet"
                : "keeping the snapshot from "
                    + Duration.between(kept.takenAt(), clock.instant()).toSeconds()
                    + " s ago ("
                    + failures
                    + " failure(s) in a row)");
        listener.failed(e, took);
        return false;
      }
    }
  }

  private static void logChanges(FleetSnapshot previous, FleetSnapshot now) {
    if (previous == null) {
      LOG.info("First snapshot: {} bridge(s) in {} region(s)", now.bridges().size(), now.regions().size());
      return;
    }
    for (String line : FleetChanges.between(previous, now)) {
      LOG.info(line);
    }
  }

  @Override
  public Optional<FleetSnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  @Override
  public Instant nextPollAt() {
    return nextPollAt.get();
  }

  /** The poll interval. */
  public Duration interval() {
    return interval;
  }

  /** Stops polling; the last snapshot stays readable. Waits briefly for a running poll. */
  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }
}
