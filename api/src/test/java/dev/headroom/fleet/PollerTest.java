package dev.headroom.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {

  @Test
  void pollsNeverOverlapEvenWhenOnePollOutlastsTheInterval() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch polls = new CountDownLatch(4);
    FleetSource slow =
        now -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(120); // each poll takes longer than the 50 ms interval
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
          polls.countDown();
          return new FleetSnapshot(now, List.of());
        };
    try (Poller poller = new Poller(slow, Duration.ofMillis(50), Clock.systemUTC(), new NoListener())) {
      poller.start();
      assertTrue(polls.await(5, TimeUnit.SECONDS));
    }
    assertEquals(1, maxRunning.get());
  }

  @Test
  void aCrashingSourceDoesNotStopTheSchedule() throws Exception {
    CountDownLatch polls = new CountDownLatch(3);
    FleetSource crashing =
        now -> {
          polls.countDown();
          throw new IllegalStateException("boom");
        };
    try (Poller poller = new Poller(crashing, Duration.ofMillis(20), Clock.systemUTC(), new NoListener())) {
      poller.start();
      assertTrue(polls.await(5, TimeUnit.SECONDS), "polling went on after a crash");
      assertTrue(poller.current().isEmpty());
    }
  }

  @Test
  void theFirstPollRunsAtOnce() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    FleetSource source =
        now -> {
          first.countDown();
          return new FleetSnapshot(Instant.now(), List.of());
        };
    try (Poller poller = new Poller(source, Duration.ofHours(1), Clock.systemUTC(), new NoListener())) {
      poller.start();
      assertTrue(first.await(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void drainUndrainAppearDownAndBackAreOneInfoLineEach() throws Exception {
    java.util.concurrent.atomic.AtomicReference<List<Bridge>> fleet = new java.util.concurrent.atomic.AtomicReference<>();
    FleetSource source = now -> new FleetSnapshot(now, fleet.get());
    Bridge a = new Bridge("https://a.example", "fr-par", 0.3, true, false);
    Bridge b = new Bridge("https://b.example", "fr-par", 0.3, true, false);
    Bridge c = new Bridge("https://c.example", "fr-par", 0.3, true, false);
    try (dev.headroom.LogCapture logs = new dev.headroom.LogCapture();
        Poller poller = new Poller(source, Duration.ofHours(1), Clock.systemUTC(), new NoListener())) {
      fleet.set(List.of(a, b));
      poller.pollOnce();
      fleet.set(List.of(new Bridge(a.url(), "fr-par", 0.3, true, true), new Bridge(b.url(), "fr-par", 0.3, false, false), c));
      poller.pollOnce();
      fleet.set(List.of(a, b));
      poller.pollOnce();
      List<String> info =
          logs.lines().stream().filter(l -> l.startsWith("INFO") && l.contains("Bridge(s)")).map(l -> l.substring(l.indexOf("Bridge(s)"))).toList();
      assertEquals(
          List.of(
              "Bridge(s) appeared: [https://c.example]",
              "Bridge(s) down (health query reports them unhealthy): [https://b.example]",
              "Bridge(s) draining, no new rooms: [https://a.example]",
              "Bridge(s) gone from the newest poll: [https://c.example]",
              "Bridge(s) back up: [https://b.example]",
              "Bridge(s) no longer draining, taking rooms again: [https://a.example]"),
          info);
    }
  }

  static final class NoListener implements Poller.Listener {
    @Override
    public void polled(FleetSnapshot snapshot, Duration took) {}

    @Override
    public void failed(FleetSourceException cause, Duration took) {}
  }
}
