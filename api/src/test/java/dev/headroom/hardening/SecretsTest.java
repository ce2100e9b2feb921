package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.Headroom;
import dev.headroom.LogCapture;
import dev.headroom.config.Settings;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus password and the admin token never reach logs, metrics, error bodies or the
 * start-up line, even when a broken Prometheus echoes the credentials it was sent.
 */
class SecretsTest {
  private static final String PASSWORD = "pw-Zq8u2-never-print-me";
  private static final String TOKEN = "tok-7Hn3-never-print-me";

  @StartStop private final MockWebServer prometheus = new MockWebServer();

  @Test
  void noSecretAppearsAnywhereAUserOrOperatorCanRead() throws Exception {
    prometheus.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            // A misbehaving proxy that echoes the Authorization header in its error.
            String auth = request.getHeaders().get("Authorization");
            return new MockResponse.Builder()
                .code(400)
                .addHeader("Content-Type", "application/json")
                .body("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad credentials " + auth + "\"}")
                .build();
          }
        });
    Settings settings =
        Settings.load(
            Map.of(
                "HEADROOM_PROMETHEUS_URL", prometheus.url("/").toString(),
                "HEADROOM_PROMETHEUS_USER", "headroom",
                "HEADROOM_PROMETHEUS_PASSWORD", PASSWORD,
                "HEADROOM_ADMIN_TOKEN", TOKEN,
                "HEADROOM_POLL_INTERVAL", "200ms",
                "HEADROOM_PROMETHEUS_TIMEOUT", "100ms",
                "HEADROOM_PORT", "0",
                "HEADROOM_BIND", "127.0.0.1"),
            List.of());
    List<String> readable = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      PrometheusFleetSource source = PrometheusFleetSource.create(settings);
      try (Headroom headroom = new Headroom(settings, source, Clock.systemUTC(), AssignmentListener.NONE).start()) {
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + headroom.port());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (prometheus.getRequestCount() < 6) {
          assertTrue(System.nanoTime() < deadline, "fewer than 6 queries in 30 s: " + prometheus.getRequestCount());
          Thread.sleep(50);
        }
        for (String path : List.of("/bridges", "/metrics", "/regions", "/readyz")) {
          readable.add(http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        for (String auth : List.of("Bearer " + TOKEN.substring(0, 10), "Bearer " + TOKEN + "x", "Basic " + TOKEN)) {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(base.resolve("/bridges")).header("Authorization", auth).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(401, r.statusCode());
          readable.add(r.body());
          readable.add(r.headers().map().toString());
        }
        readable.add(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"" + TOKEN + "!\"}")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
      }
      readable.add(logs.text());
      assertTrue(logs.text().contains("Starting Headroom with"), "the start-up line was logged");
      assertTrue(logs.text().contains("Poll failed (query_error)"), logs.text());
    }
    String basic = Base64.getEncoder().encodeToString(("headroom:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    for (String text : readable) {
      assertFalse(text.contains(PASSWORD), "password leaked: " + text);
      assertFalse(text.contains(basic), "basic credentials leaked: " + text);
      assertFalse(text.contains(TOKEN), "admin token leaked: " + text);
    }
  }
}
