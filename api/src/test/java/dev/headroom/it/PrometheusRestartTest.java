package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prometheus restarted with an empty database (a non-persistent volume): for the first scrapes
 * {@code up} is 1 but {@code rate()} has nothing yet, and then reads far too low (busy fractions
 * near 1) until its series span the whole window. The bridges keep their last known loads,
 * users keep getting rooms, and the log, {@code /bridges} and {@code /metrics} say why.
 */
class PrometheusRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aRestartWithAnEmptyDatabaseKeepsAnsweringFromTheLastKnownLoads() throws Exception {
    try (FakeBridges bridges = new FakeBridges();
        LogCapture logs = new LogCapture()) {
      Map<String, List<String>> targets = new LinkedHashMap<>();
      targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
      targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
      bridges.set("b1", 0.3);
      bridges.set("b2", 0.4);
      // A 2 s scrape leaves about 2 s after the restart with up == 1 and no rate() yet.
      PrometheusProcess prometheus = new PrometheusProcess(bridges.port(), targets, "2s");
      Map<String, String> env = new HashMap<>();
      env.put("HEADROOM_PROMETHEUS_URL", prometheus.url().toString());
      env.put("HEADROOM_POLL_INTERVAL", "300ms");
      env.put("HEADROOM_PROMETHEUS_TIMEOUT", "250ms");
      env.put("HEADROOM_MAX_STALENESS", "1m");
      env.put("HEADROOM_PORT", "0");
      env.put("HEADROOM_BIND", "127.0.0.1");
      env.put("HEADROOM_RATE_LIMIT", "0");
      env.put("HEADROOM_ROOM_COST", "0");
      // A 10 s window (instead of the default 1 m) shows the same thing, six times faster.
      env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[10s]"));
      Settings settings = Settings.load(env, List.of());
      try (Headroom headroom =
          new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start()) {
        URI base = URI.create("http://127.0.0.1:" + headroom.port());
        Await.until(
            "both bridges with a fresh load",
            Duration.ofSeconds(40),
            () -> samples(base),
            s -> s.size() == 2 && s.stream().allMatch(x -> x.equals("fresh")));

        prometheus.stop();
        prometheus.wipeData();
        prometheus.start();

        Set<String> seen = new HashSet<>();
        int answered = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        boolean recovered = false;
        while (!recovered && System.nanoTime() < deadline) {
          HttpResponse<String> r = post(base, "/assign");
          assertEquals(200, r.statusCode(), "every /assign keeps answering through the restart: " + r.body() + " " + get(base, "/bridges").body());
          answered++;
          List<String> s = samples(base);
          seen.addAll(s);
          recovered = seen.contains("stale") && s.size() == 2 && s.stream().allMatch(x -> x.equals("fresh"));
          Thread.sleep(50);
        }
        assertTrue(recovered, "saw the stale loads and then fresh ones again; saw " + seen);
        assertTrue(answered > 10, answered + " answers");
        assertTrue(
            logs.text().matches("(?s).*had no load sample in this poll; kept at their last known load: \\[https://b[12]\\.meet\\.example.*"),
            "one WARN names the bridges:\n" + logs.text());
        assertTrue(logs.text().contains("Prometheus restarted"), "and the likely cause");
      } finally {
        prometheus.close();
      }
    }
  }

  private static List<String> samples(URI base) throws Exception {
    JsonNode b = JSON.readTree(get(base, "/bridges").body());
    List<String> out = new java.util.ArrayList<>();
    b.path("bridges").forEach(x -> out.add(x.path("loadSample").asText()));
    return out;
  }

  private static HttpResponse<String> post(URI base, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
