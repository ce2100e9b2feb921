package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.Headroom;
import dev.headroom.LogCapture;
import dev.headroom.config.Settings;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prometheus stopped mid-run and started again: rooms keep coming from the last snapshot, marked
 * degraded once it is older than HEADROOM_MAX_STALENESS, /readyz stays 200, metrics and logs say
 * why, and degraded clears as soon as polls succeed again.
 */
class PrometheusOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aPrometheusOutageDegradesButNeverStopsAssignments() throws Exception {
    try (FakeBridges bridges = new FakeBridges();
        LogCapture logs = new LogCapture()) {
      Map<String, List<String>> targets = new LinkedHashMap<>();
      targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
      targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
      bridges.set("b1", 0.3);
      bridges.set("b2", 0.4);
      PrometheusProcess prometheus = new PrometheusProcess(bridges.port(), targets);
      Map<String, String> env = new HashMap<>();
      env.put("HEADROOM_PROMETHEUS_URL", prometheus.url().toString());
      env.put("HEADROOM_POLL_INTERVAL", "500ms");
      env.put("HEADROOM_PROMETHEUS_TIMEOUT", "400ms");
      env.put("HEADROOM_MAX_STALENESS", "2s");
      env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
      env.put("HEADROOM_PORT", "0");
      env.put("HEADROOM_BIND", "127.0.0.1");
      env.put("HEADROOM_RATE_LIMIT", "0");
      env.put("HEADROOM_ROOM_COST", "0");
      Settings settings = Settings.load(env, List.of());
      PrometheusFleetSource source = PrometheusFleetSource.create(settings);
      try (Headroom headroom = new Headroom(settings, source, Clock.systemUTC(), AssignmentListener.NONE).start()) {
        URI base = URI.create("http://127.0.0.1:" + headroom.port());
        Await.until("a snapshot with both bridges", Duration.ofSeconds(30), () -> assign(base), a -> a.statusCode() == 200);

        prometheus.stop();
        JsonNode degraded =
            Await.until(
                "degraded answers",
                Duration.ofSeconds(15),
                () -> {
                  HttpResponse<String> r = assign(base);
                  assertEquals(200, r.statusCode(), "every /assign keeps answering: " + r.body());
                  return JSON.readTree(r.body());
                },
                // The answer rounds the age to 0.1 s: wait until it shows past the 2 s limit too.
                a -> a.path("degraded").asBoolean() && a.path("snapshotAgeSeconds").asDouble() > 2);
        assertTrue(degraded.path("snapshotAgeSeconds").asDouble() > 2, degraded.toString());
        assertEquals(200, get(base, "/readyz").statusCode(), "a monitoring outage must not become a site outage");
        String metrics = get(base, "/metrics").body();
        assertFalse(metrics.contains("headroom_poll_failures_total{reason=\"unreachable\"} 0.0"), metrics);
        assertTrue(logs.text().contains("Poll failed (unreachable)"), "the log says why");

        prometheus.start();
        Await.until(
            "fresh answers after Prometheus returned",
            Duration.ofSeconds(30),
            () -> JSON.readTree(assign(base).body()),
            a -> !a.path("degraded").asBoolean());
        assertTrue(logs.text().contains("Poll succeeded again after"), "the log says it recovered");
      } finally {
        prometheus.close();
      }
    }
  }

  private static HttpResponse<String> assign(URI base) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
