package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.time.ManualClock;
import dev.headroom.config.Cidr;
import dev.headroom.http.ClientAddressProbe;
import dev.headroom.http.RateLimiterProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbuseTest {

  @Test
  void memoryStaysBoundedUnder100000DistinctClients() {
    ManualClock clock = new ManualClock();
    RateLimiterProbe limiter = new RateLimiterProbe(30, clock);
    for (int i = 0; i < 100_000; i++) {
      assertEquals(0, limiter.acquire("198.51." + (i >> 8 & 255) + "." + (i & 255) + "#" + i));
    }
    assertTrue(limiter.tracked() <= 100_000);
    clock.advance(Duration.ofMinutes(3));
    assertEquals(0, limiter.tracked(), "idle clients are forgotten");
    for (int i = 0; i < 300_000; i++) {
      limiter.acquire("client-" + i);
    }
    assertTrue(limiter.tracked() <= limiter.max(), "never more than " + limiter.max() + ": " + limiter.tracked());
  }

  @Test
  void aClientIsLimitedToItsRatePerMinuteWithRetryAfter() {
    ManualClock clock = new ManualClock();
    RateLimiterProbe limiter = new RateLimiterProbe(30, clock);
    for (int i = 0; i < 30; i++) {
      assertEquals(0, limiter.acquire("a"));
    }
    assertEquals(2, limiter.acquire("a"), "one token comes back every 2 s");
    assertEquals(0, limiter.acquire("b"), "other clients are unaffected");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(0, limiter.acquire("a"));
  }

  @Test
  void forwardedForIsBelievedOnlyFromTrustedProxiesTakingTheRightMostUntrustedHop() {
    ClientAddressProbe resolve = new ClientAddressProbe(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));
    assertEquals("203.0.113.9", resolve.of("203.0.113.9", "1.2.3.4"), "untrusted peer: header ignored");
    assertEquals("198.51.100.7", resolve.of("10.1.2.3", "198.51.100.7"));
    assertEquals("198.51.100.7", resolve.of("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.9.9.9"), "spoofed left part ignored");
    assertEquals("2001:db8::5", resolve.of("fd00::1", "2001:db8::5"));
    assertEquals("10.1.2.3", resolve.of("10.1.2.3", "not-an-ip"), "garbage: the proxy itself");
    assertEquals("10.9.9.9", resolve.of("10.1.2.3", "10.9.9.9"), "only proxies: the farthest one");
    assertEquals("10.1.2.3", resolve.of("10.1.2.3", null));
  }
}
