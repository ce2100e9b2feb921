package dev.headroom.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket per client: {@code perMinute} tokens refilled evenly over a minute, bursts of up
 * to {@code perMinute}. Buckets idle for two minutes are full again and are forgotten, and at most
 * {@value #MAX_CLIENTS} are kept, so memory stays bounded whatever the number of clients.
 * Thread-safe.
 */
final class RateLimiter {
  static final int MAX_CLIENTS = 200_000;

  private final int perMinute;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  RateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(Duration.ofMinutes(2))
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one token for {@code client}.
   *
   * @return 0 when allowed, otherwise the whole seconds until a token is available (at least 1)
   */
  long acquire(String client) {
    if (perMinute <= 0) {
      return 0;
    }
    long now = clock.millis();
    Bucket b = buckets.get(client, k -> new Bucket(perMinute, now));
    return b.take(now, perMinute);
  }

  long trackedClients() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private static final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.updatedAt = now;
    }

    synchronized long take(long now, int perMinute) {
      double perMs = perMinute / 60_000.0;
      tokens = Math.min(perMinute, tokens + Math.max(0, now - updatedAt) * perMs);
      updatedAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perMs / 1000));
    }
  }
}
