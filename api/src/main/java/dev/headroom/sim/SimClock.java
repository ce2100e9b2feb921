package dev.headroom.sim;

import dev.headroom.time.ManualClock;
import java.time.Instant;

/** The simulation's time, in seconds since its start. */
final class SimClock extends ManualClock {
  private static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

  SimClock() {
    super(EPOCH);
  }

  void set(double seconds) {
    set(at(seconds));
  }

  Instant at(double seconds) {
    return EPOCH.plusMillis(Math.round(seconds * 1000));
  }
}
