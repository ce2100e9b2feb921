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
 * A scrape interval too long for the load query's rate window: {@code rate()} never has two
 * samples, so no bridge ever has a load. The same situation as Prometheus's 1 m default scrape
 * with the default {@code [1m]} window, scaled down to a 3 s scrape and a {@code [2s]} window so it
 * shows within seconds. The healthy bridges still take rooms, and the start-up advice says how to
 * fix it.
 */
class SlowScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void healthyBridgesWithoutAnyLoadSampleStillGetRoomsAndTheFixIsLogged() throws Exception {
    try (FakeBridges bridges = new FakeBridges();
        LogCapture logs = new LogCapture()) {
      Map<String, List<String>> targets = new LinkedHashMap<>();
      targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
      targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
      bridges.set("b1", 0.3);
      bridges.set("b2", 0.4);
      PrometheusProcess prometheus = new PrometheusProcess(bridges.port(), targets, "3s");
      Map<String, String> env = new HashMap<>();
      env.put("HEADROOM_PROMETHEUS_URL", prometheus.url().toString());
      env.put("HEADROOM_POLL_INTERVAL", "300ms");
      env.put("HEADROOM_PROMETHEUS_TIMEOUT", "250ms");
      env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[2s]"));
      env.put("HEADROOM_PORT", "0");
      env.put("HEADROOM_BIND", "127.0.0.1");
      env.put("HEADROOM_RATE_LIMIT", "0");
      Settings settings = Settings.load(env, List.of());
      try (Headroom headroom =
          new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start()) {
        URI base = URI.create("http://127.0.0.1:" + headroom.port());
        JsonNode fleet =
            Await.until(
                "both bridges in the snapshot",
                Duration.ofSeconds(40),
                () -> JSON.readTree(get(base, "/bridges").body()),
                b -> b.path("bridges").size() == 2);
        for (JsonNode b : fleet.path("bridges")) {
          assertEquals("none", b.path("loadSample").asText(), b.toString());
          assertEquals("ok", b.path("state").asText(), "healthy without a load is not down: " + b);
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r = post(base, "/assign");
          assertEquals(200, r.statusCode(), r.body());
          used.add(JSON.readTree(r.body()).path("bridge").asText());
        }
        assertEquals(2, used.size(), "rooms spread over the bridges of unknown load: " + used);
        assertEquals(200, post(base, "/assign?room=team-sync").statusCode(), "named rooms too");
        assertTrue(
            get(base, "/metrics").body().contains("headroom_bridges_without_load_sample 2.0"),
            "a metric counts them");
        // The age counts from the scrapes, 3 s apart, not from the polls, 300 ms apart.
        Await.until(
            "an age past 1.5 s between two scrapes",
            Duration.ofSeconds(20),
            () -> JSON.readTree(get(base, "/bridges").body()).path("snapshotAgeSeconds").asDouble(),
            age -> age > 1.5);
        Await.until(
            "the start-up advice",
            Duration.ofSeconds(20),
            logs::text,
            t -> t.contains("No healthy bridge has had a load sample since start-up"));
        String text = logs.text();
        assertTrue(text.contains("set scrape_interval to at most 500ms"), text);
        assertEquals(
            1,
            text.lines().filter(l -> l.contains("No healthy bridge has had a load sample since start-up")).count(),
            "said once");
      } finally {
        prometheus.close();
      }
    }
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
