package dev.headroom.http;

import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetView;
import java.time.Clock;
import java.time.Duration;

/**
 * How old the fleet data is, as the answers state it: a snapshot's age, whether it is past
 * {@code HEADROOM_MAX_STALENESS} (degraded), and when a refused client may usefully retry.
 * Immutable, thread-safe.
 */
final class Freshness {
  private final FleetView fleet;
  private final Duration maxStaleness;
  private final Clock clock;

  Freshness(FleetView fleet, Duration maxStaleness, Clock clock) {
    this.fleet = fleet;
    this.maxStaleness = maxStaleness;
    this.clock = clock;
  }

  /** Seconds until the next poll, at least 1: when a refused client may usefully retry. */
  long retryAfter() {
    Duration left = Duration.between(clock.instant(), fleet.nextPollAt());
    long seconds = (left.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }

  double ageSeconds(FleetSnapshot s) {
    return Math.max(0, Duration.between(s.takenAt(), clock.instant()).toMillis() / 1000.0);
  }

  boolean degraded(FleetSnapshot s) {
    return Duration.between(s.takenAt(), clock.instant()).compareTo(maxStaleness) > 0;
  }

  /** {@code v} rounded to {@code digits} decimals, as numbers are shown in answers. */
  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
