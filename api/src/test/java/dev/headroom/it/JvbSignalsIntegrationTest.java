package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.Headroom;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code HEADROOM_SIGNALS=jvb} with nothing else but the URL, against a real Prometheus scraping
 * videobridge stand-ins; and the node signals' default capacity query reading each bridge's CPU
 * count from the same targets (b1, b2: 4 CPUs; b3: 16 CPUs).
 */
class JvbSignalsIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> NAMES = List.of("b1", "b2", "b3");

  private static FakeVideobridges jvbs;
  private static PrometheusProcess prometheus;
  private static Headroom jvb;
  private static Headroom node;

  @BeforeAll
  static void startFleet() throws Exception {
    jvbs = new FakeVideobridges();
    Map<String, List<String>> targets = new LinkedHashMap<>();
    targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
    targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
    targets.put("b3", List.of("https://b3.meet.example", "nl-ams"));
    prometheus = new PrometheusProcess(jvbs.port(), targets);
    Map<String, String> env = new HashMap<>();
    env.put("HEADROOM_SIGNALS", "jvb");
    jvb = start(env);
    Map<String, String> nodeEnv = new HashMap<>();
    nodeEnv.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
    // A room costs more than the draw's 0.05 spread on a median (4-CPU) bridge and a quarter of
    // that on the 16-CPU one, so the sizes, not the random draw among near-equal bridges, decide.
    nodeEnv.put("HEADROOM_ROOM_COST", "0.08");
    node = start(nodeEnv);
  }

  private static Headroom start(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("HEADROOM_PROMETHEUS_URL", prometheus.url().toString());
    env.put("HEADROOM_POLL_INTERVAL", "500ms");
    env.put("HEADROOM_PROMETHEUS_TIMEOUT", "400ms");
    env.put("HEADROOM_PORT", "0");
    env.put("HEADROOM_BIND", "127.0.0.1");
    env.put("HEADROOM_RATE_LIMIT", "0");
    Settings settings = Settings.load(env, List.of()).requirePrometheus();
    return new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start();
  }

  @AfterAll
  static void stopFleet() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {jvb, node, prometheus, jvbs}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @BeforeEach
  void everyBridgeHealthyAtModerateStress() throws Exception {
    jvbs.set("b1", 4, 0.4);
    jvbs.set("b2", 4, 0.4);
    jvbs.set("b3", 16, 0.4);
    awaitStress(0.4, 0.4, 0.4);
    Await.until("every bridge ok", WAIT, () -> view(jvb), v -> NAMES.stream().allMatch(b -> "ok".equals(state(v, b))));
  }

  private static HttpResponse<String> call(Headroom h, String method, String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode view(Headroom h) throws Exception {
    return JSON.readTree(call(h, "GET", "/bridges").body());
  }

  private static JsonNode bridge(JsonNode view, String name) {
    for (JsonNode b : view.path("bridges")) {
      if (b.path("url").asText().equals("https://" + name + ".meet.example")) {
        return b;
      }
    }
    return JSON.missingNode();
  }

  private static String state(JsonNode view, String name) {
    return bridge(view, name).path("state").asText();
  }

  private static void awaitStress(double b1, double b2, double b3) throws Exception {
    double[] want = {b1, b2, b3};
    Await.until(
        "stress " + b1 + "/" + b2 + "/" + b3,
        WAIT,
        () -> view(jvb),
        v -> {
          for (int i = 0; i < 3; i++) {
            JsonNode load = bridge(v, NAMES.get(i)).path("load");
            if (!load.isNumber() || Math.abs(load.asDouble() - want[i]) > 1e-3) {
              return false;
            }
          }
          return true;
        });
  }

  private static String assigned(Headroom h) throws Exception {
    HttpResponse<String> r = call(h, "POST", "/assign");
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("bridge").asText();
  }

  @Test
  void roomsGoToTheLeastStressedBridge() throws Exception {
    jvbs.get("b1").stress(0.5);
    jvbs.get("b2").stress(0.1);
    jvbs.get("b3").stress(0.6);
    awaitStress(0.5, 0.1, 0.6);
    for (int i = 0; i < 5; i++) {
      assertEquals("https://b2.meet.example", assigned(jvb));
    }
  }

  @Test
  void drainModeOrGracefulShutdownMakesABridgeDrainingAndItGetsNoNewRooms() throws Exception {
    jvbs.get("b2").stress(0.05);
    jvbs.get("b2").drainMode = true;
    Await.until("b2 draining", WAIT, () -> view(jvb), v -> "draining".equals(state(v, "b2")));
    for (int i = 0; i < 10; i++) {
      assertNotEquals("https://b2.meet.example", assigned(jvb));
    }
    jvbs.get("b2").drainMode = false;
    Await.until("b2 back", WAIT, () -> view(jvb), v -> "ok".equals(state(v, "b2")));
    jvbs.get("b2").gracefulShutdown = true;
    Await.until("b2 draining again", WAIT, () -> view(jvb), v -> "draining".equals(state(v, "b2")));
  }

  @Test
  void aBridgeThatReportsItselfUnhealthyOrCannotBeScrapedIsDown() throws Exception {
    jvbs.get("b1").stress(0.05);
    jvbs.get("b1").healthy = false;
    Await.until("b1 down", WAIT, () -> view(jvb), v -> "down".equals(state(v, "b1")));
    for (int i = 0; i < 10; i++) {
      assertNotEquals("https://b1.meet.example", assigned(jvb));
    }
    jvbs.get("b1").healthy = true;
    Await.until("b1 back", WAIT, () -> view(jvb), v -> "ok".equals(state(v, "b1")));
    jvbs.get("b1").failing = true;
    Await.until("b1 down when its scrape fails", WAIT, () -> view(jvb), v -> "down".equals(state(v, "b1")));
  }

  @Test
  void stressAtJicofosThresholdIsFullAndStressAboveOneIsShownAsIs() throws Exception {
    jvbs.get("b1").stress(0.82);
    jvbs.get("b3").stress(1.3);
    awaitStress(0.82, 0.4, 1.3);
    JsonNode v = view(jvb);
    assertEquals(0.8, v.path("maxLoad").asDouble());
    assertEquals("full", state(v, "b1"), "0.82 is below the node default of 0.85 but above Jicofo's 0.8");
    assertEquals("full", state(v, "b3"));
    assertEquals(1.3, bridge(v, "b3").path("load").asDouble(), 1e-3, "an overloaded bridge is not clamped to 1");
    for (int i = 0; i < 5; i++) {
      assertEquals("https://b2.meet.example", assigned(jvb));
    }
  }

  @Test
  void theCapacityQueryReadsEachBridgesCpuCountFromPrometheusAndLargeBridgesTakeMoreRooms() throws Exception {
    JsonNode v =
        Await.until(
            "sizes and loads",
            WAIT,
            () -> view(node),
            x -> bridge(x, "b3").path("size").asDouble() == 16
                && NAMES.stream().allMatch(b -> Math.abs(bridge(x, b).path("load").asDouble() - 0.36) < 0.05));
    assertEquals(4, bridge(v, "b1").path("size").asDouble());
    assertEquals(4, bridge(v, "b2").path("size").asDouble());
    Map<String, Integer> rooms = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      rooms.merge(assigned(node), 1, Integer::sum);
    }
    int large = rooms.getOrDefault("https://b3.meet.example", 0);
    int small = Math.max(rooms.getOrDefault("https://b1.meet.example", 0), rooms.getOrDefault("https://b2.meet.example", 0));
    assertTrue(large >= 2 * small, "16-CPU bridge " + large + " rooms, busiest 4-CPU bridge " + small + ": " + rooms);
  }
}
