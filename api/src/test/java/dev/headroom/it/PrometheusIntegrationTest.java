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
 * {@code serve}'s whole path against a real Prometheus scraping exporters the test serves, with
 * the contract's default queries (rate window shortened to 5 s to match the 1 s scrapes).
 */
class PrometheusIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static FakeBridges bridges;
  private static PrometheusProcess prometheus;
  private static Headroom headroom;

  @BeforeAll
  static void startFleet() throws Exception {
    bridges = new FakeBridges();
    Map<String, List<String>> targets = new LinkedHashMap<>();
    targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
    targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
    targets.put("b3", List.of("https://b3.meet.example", "nl-ams"));
    targets.keySet().forEach(name -> bridges.set(name, 0.5));
    prometheus = new PrometheusProcess(bridges.port(), targets);
    headroom = start(prometheus.url());
    awaitLoads(0.5, 0.5, 0.5);
  }

  private static Headroom start(URI prometheusUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("HEADROOM_PROMETHEUS_URL", prometheusUrl.toString());
    env.put("HEADROOM_POLL_INTERVAL", "500ms");
    env.put("HEADROOM_PROMETHEUS_TIMEOUT", "400ms");
    env.put(
        "HEADROOM_LOAD_QUERY",
        Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
    env.put("HEADROOM_PORT", "0");
    env.put("HEADROOM_BIND", "127.0.0.1");
    env.put("HEADROOM_RATE_LIMIT", "0");
    Settings settings = Settings.load(env, List.of()).requirePrometheus();
    PrometheusFleetSource source = PrometheusFleetSource.create(settings);
    return new Headroom(settings, source, Clock.systemUTC(), AssignmentListener.NONE).start();
  }

  @AfterAll
  static void stopFleet() throws Exception {
    if (headroom != null) {
      headroom.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (bridges != null) {
      bridges.close();
    }
  }

  @BeforeEach
  void allBridgesHealthyAtHalfLoad() throws Exception {
    for (String b : List.of("b1", "b2", "b3")) {
      bridges.set(b, 0.5);
    }
    awaitLoads(0.5, 0.5, 0.5);
    Await.until(
        "every bridge ok",
        WAIT,
        PrometheusIntegrationTest::bridgesView,
        v -> List.of("b1", "b2", "b3").stream().allMatch(b -> "ok".equals(bridge(v, b).path("state").asText())));
  }

  private static HttpResponse<String> call(Headroom h, String method, String path, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port() + path));
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode bridgesView() throws Exception {
    return JSON.readTree(call(headroom, "GET", "/bridges", null).body());
  }

  private static JsonNode bridge(JsonNode view, String host) {
    for (JsonNode b : view.path("bridges")) {
      if (b.path("url").asText().equals("https://" + host + ".meet.example")) {
        return b;
      }
    }
    return null;
  }

  /** Waits until every bridge's load as polled is within 0.05 of what the exporters say. */
  private static void awaitLoads(double b1, double b2, double b3) throws Exception {
    Await.until(
        "loads " + b1 + "/" + b2 + "/" + b3,
        WAIT,
        PrometheusIntegrationTest::bridgesView,
        v -> near(bridge(v, "b1"), b1) && near(bridge(v, "b2"), b2) && near(bridge(v, "b3"), b3));
  }

  private static boolean near(JsonNode b, double load) {
    return b != null && b.path("load").isNumber() && Math.abs(b.path("load").asDouble() - load) < 0.05;
  }

  private static String assignedBridge() throws Exception {
    HttpResponse<String> r = call(headroom, "POST", "/assign", null);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("bridge").asText();
  }

  @Test
  void newRoomsGoToTheLeastLoadedBridge() throws Exception {
    bridges.set("b1", 0.6);
    bridges.set("b2", 0.1);
    bridges.set("b3", 0.7);
    awaitLoads(0.6, 0.1, 0.7);
    for (int i = 0; i < 5; i++) {
      assertEquals("https://b2.meet.example", assignedBridge());
    }
    JsonNode body = JSON.readTree(call(headroom, "POST", "/assign", "{\"region\":\"nl-ams\"}").body());
    assertEquals("https://b3.meet.example", body.path("bridge").asText());
    assertEquals("https://b3.meet.example/" + body.path("room").asText(), body.path("url").asText());
    assertTrue(body.path("snapshotAgeSeconds").asDouble() < 5, body.toString());
  }

  @Test
  void choicesFollowALoadChange() throws Exception {
    bridges.set("b1", 0.1);
    bridges.set("b2", 0.6);
    awaitLoads(0.1, 0.6, 0.5);
    assertEquals("https://b1.meet.example", assignedBridge());
    bridges.set("b1", 0.8);
    bridges.set("b2", 0.2);
    awaitLoads(0.8, 0.2, 0.5);
    assertEquals("https://b2.meet.example", assignedBridge());
  }

  @Test
  void aDrainingBridgeGetsNoNewRooms() throws Exception {
    bridges.set("b1", 0.05);
    bridges.draining("b1", true);
    Await.until("b1 draining", WAIT, PrometheusIntegrationTest::bridgesView, v -> "draining".equals(bridge(v, "b1").path("state").asText()));
    for (int i = 0; i < 10; i++) {
      assertNotEquals("https://b1.meet.example", assignedBridge());
    }
    HttpResponse<String> named = call(headroom, "POST", "/assign?room=drain-check", null);
    assertNotEquals("https://b1.meet.example", JSON.readTree(named.body()).path("bridge").asText());
  }

  @Test
  void aBridgeWhoseScrapeFailsIsDownAndGetsNoRooms() throws Exception {
    bridges.set("b3", 0.05);
    bridges.failing("b3", true);
    Await.until("b3 down", WAIT, PrometheusIntegrationTest::bridgesView, v -> "down".equals(bridge(v, "b3").path("state").asText()));
    for (int i = 0; i < 10; i++) {
      assertNotEquals("https://b3.meet.example", assignedBridge());
    }
  }

  @Test
  void aFullFleetAnswers503NoCapacityWithRetryAfter() throws Exception {
    for (String b : List.of("b1", "b2", "b3")) {
      bridges.set(b, 0.95);
    }
    HttpResponse<String> r =
        Await.until("no capacity", WAIT, () -> call(headroom, "POST", "/assign", null), x -> x.statusCode() == 503);
    JsonNode body = JSON.readTree(r.body());
    assertEquals("no_capacity", body.path("error").asText());
    long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retry >= 1 && retry <= 1, "retry after the next poll (500 ms): " + retry);
    assertTrue(r.body().contains("try again"), r.body());
    JsonNode view = bridgesView();
    view.path("bridges").forEach(b -> assertEquals("full", b.path("state").asText()));
  }

  @Test
  void planRecommendsMoreBridgesFromLivePrometheusData() throws Exception {
    for (String b : List.of("b1", "b2", "b3")) {
      bridges.set(b, 0.8);
    }
    awaitLoads(0.8, 0.8, 0.8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("HEADROOM_PROMETHEUS_URL", prometheus.url().toString());
    env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
    int code =
        dev.headroom.capacity.PlanCommand.run(
            List.of("--json"), env, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
    assertEquals(0, code, err.toString());
    JsonNode plan = JSON.readTree(out.toString());
    assertEquals(3, plan.path("bridges").asInt());
    assertEquals(0.8, plan.path("avgLoad").asDouble(), 0.05);
    assertEquals(4, plan.path("recommended").asInt(), "75=10: 0.3 of a bridge rounds up to one more");
    assertEquals("bridge_count", plan.path("variable").asText());
  }

  @Test
  void anUnknownRegionIsA400() throws Exception {
    HttpResponse<String> r = call(headroom, "POST", "/assign", "{\"region\":\"mars-1\"}");
    assertEquals(400, r.statusCode());
    assertEquals("unknown_region", JSON.readTree(r.body()).path("error").asText());
  }

  @Test
  void withoutAnyPrometheusAnswerTheServiceIsNotReadyAndAnswersNoData() throws Exception {
    try (Headroom orphan = start(URI.create("http://127.0.0.1:" + PrometheusProcess.freePort()))) {
      HttpResponse<String> r = call(orphan, "POST", "/assign", null);
      assertEquals(503, r.statusCode());
      assertEquals("no_data", JSON.readTree(r.body()).path("error").asText());
      assertTrue(r.headers().firstValue("Retry-After").isPresent());
      assertEquals(503, call(orphan, "GET", "/readyz", null).statusCode());
      String metrics = call(orphan, "GET", "/metrics", null).body();
      Await.until(
          "a counted poll failure",
          WAIT,
          () -> call(orphan, "GET", "/metrics", null).body(),
          // At least one: how many polls failed by now depends on how busy the machine is.
          m -> m.contains("headroom_poll_failures_total{reason=\"unreachable\"}") && !m.contains("headroom_poll_failures_total{reason=\"unreachable\"} 0.0"));
      assertTrue(metrics.contains("headroom_snapshot_age_seconds NaN"), metrics);
    }
  }
}
