package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.time.ManualClock;
import dev.headroom.capacity.Planner;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.Poller;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.prometheus.PrometheusClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Every way a Prometheus answer can be wrong: no crash, the last snapshot kept, counted by reason. */
class PollFaultsTest {
  private static final String GOOD =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
          + "{\"metric\":{\"bridge_url\":\"https://b1.example\",\"region\":\"r\"},\"value\":[1,\"0.3\"]}]}}";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final Deque<MockResponse> script = new ArrayDeque<>();
  private final ManualClock clock = new ManualClock();

  private MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void everyBadAnswerIsCountedByReasonAndTheLastGoodSnapshotStays() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public synchronized MockResponse dispatch(RecordedRequest request) {
            MockResponse next = script.peekFirst();
            return next == null ? json(200, GOOD) : next;
          }
        });
    HeadroomMetrics metrics = new HeadroomMetrics(clock, Planner.defaults());
    try (PrometheusClient client =
        PrometheusClient.builder(URI.create(server.url("/").toString())).timeout(Duration.ofMillis(300)).build()) {
      Poller poller =
          new Poller(new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region"), Duration.ofSeconds(30), clock, metrics);
      assertTrue(poller.pollOnce());
      FleetSnapshot good = poller.current().orElseThrow();

      MockResponse[] bad = {
        json(500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"boom\"}"),
        new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body("<html>bad gateway</html>").build(),
        json(200, "<html>login page</html>"),
        json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"),
        json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"),
        new MockResponse.Builder().code(200).body(GOOD).headersDelay(2, TimeUnit.SECONDS).build(),
      };
      for (MockResponse r : bad) {
        synchronized (script) {
          script.clear();
          script.add(r);
        }
        clock.advance(Duration.ofSeconds(30));
        assertFalse(poller.pollOnce());
        assertEquals(good, poller.current().orElseThrow(), "the last good snapshot stays");
      }
      String text = metrics.scrape();
      for (String reason : new String[] {"query_error", "http_status", "malformed", "empty", "timeout"}) {
        assertFalse(text.contains("headroom_poll_failures_total{reason=\"" + reason + "\"} 0.0"), reason + " counted:\n" + text);
      }
      synchronized (script) {
        script.clear();
      }
      assertTrue(poller.pollOnce(), "recovers on the next good answer");
    }
  }

  @Test
  void aHangingPrometheusLeaksNoThreads() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).body(GOOD).headersDelay(5, TimeUnit.SECONDS).build();
          }
        });
    HeadroomMetrics metrics = new HeadroomMetrics(clock, Planner.defaults());
    long before = clientThreads(); // other clients in this JVM may have idle threads too
    PrometheusClient client =
        PrometheusClient.builder(URI.create(server.url("/").toString())).timeout(Duration.ofMillis(100)).build();
    Poller poller =
        new Poller(new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region"), Duration.ofSeconds(30), clock, metrics);
    for (int i = 0; i < 20; i++) {
      assertFalse(poller.pollOnce());
    }
    long during = clientThreads() - before;
    assertTrue(during <= 6, during + " more client threads after 20 timed-out polls (3 queries each)");
    // Every poll failed (pollOnce said so above); under load a few may fail otherwise than by timeout.
    assertFalse(metrics.scrape().contains("headroom_poll_failures_total{reason=\"timeout\"} 0.0"), metrics.scrape());
    client.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (clientThreads() > before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(clientThreads() <= before, "closing the client ends its threads");
  }

  private static long clientThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("headroom-prometheus")).count();
  }
}
