package dev.headroom.http;

import java.time.Clock;

/** Test access to the package-private rate limiter. */
public final class RateLimiterProbe {
  private final RateLimiter limiter;

  public RateLimiterProbe(int perMinute, Clock clock) {
    this.limiter = new RateLimiter(perMinute, clock);
  }

  public long acquire(String client) {
    return limiter.acquire(client);
  }

  public long tracked() {
    return limiter.trackedClients();
  }

  public long max() {
    return RateLimiter.MAX_CLIENTS;
  }
}
