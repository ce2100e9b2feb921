package dev.headroom.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulation's time: seconds since the start, moved only by the simulation. Not thread-safe. */
final class SimClock extends Clock {
  private static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
  private long millis;

  void set(double seconds) {
    millis = Math.round(seconds * 1000);
  }

  Instant at(double seconds) {
    return EPOCH.plusMillis(Math.round(seconds * 1000));
  }

  @Override
  public Instant instant() {
    return EPOCH.plusMillis(millis);
  }

  @Override
  public long millis() {
    return EPOCH.toEpochMilli() + millis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
