package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.time.ManualClock;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadroomAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock();
  private final SettableFleet fleet = new SettableFleet(Instant.parse("2026-11-25T10:00:30Z"));
  private final Map<String, String> env = new HashMap<>();

  private HeadroomApp app() {
    return TestApps.app(Settings.load(env, List.of()), fleet, clock, AssignmentListener.NONE);
  }

  private void test(ThrowingTest body) {
    HeadroomApp app = app();
    JavalinTest.test(app.javalin(), (server, client) -> body.run(app, client));
  }

  @FunctionalInterface
  interface ThrowingTest {
    void run(HeadroomApp app, HttpClient client) throws Exception;
  }

  private void fleetOf(Bridge... bridges) {
    fleet.set(new FleetSnapshot(clock.instant(), List.of(bridges)));
    clock.advance(Duration.ofSeconds(3));
  }

  private static Bridge bridge(String host, String region, double load) {
    return new Bridge("https://" + host, region, load, true, false);
  }

  private static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.body().string());
  }

  private static Response post(HttpClient client, String path, String body, String contentType) {
    return client.request(
        path,
        b -> {
          b.post(HttpRequest.BodyPublishers.ofString(body));
          if (contentType != null) {
            b.header("Content-Type", contentType);
          }
        });
  }

  private static void assertError(Response r, int status, String code) throws Exception {
    assertEquals(status, r.code(), r.body().string());
    JsonNode body = JSON.readTree(r.body().string());
    assertEquals(code, body.path("error").asText(), r.body().string());
    assertFalse(body.path("message").asText().isBlank());
    assertFalse(r.body().string().contains("Exception"), r.body().string());
  }

  @Test
  void aNewRoomGetsAReadableNameOnTheLeastLoadedBridge() {
    fleetOf(bridge("busy.meet.example", "fr-par", 0.7), bridge("idle.meet.example", "fr-par", 0.1));
    test(
        (app, client) -> {
          Response r = client.post("/assign");
          assertEquals(200, r.code());
          JsonNode body = json(r);
          String room = body.path("room").asText();
          assertTrue(room.matches("[a-z]+-[a-z]+-[a-z]+-[a-z2-9]{6}"), room);
          assertEquals("https://idle.meet.example", body.path("bridge").asText());
          assertEquals("https://idle.meet.example/" + room, body.path("url").asText());
          assertEquals("fr-par", body.path("region").asText());
          assertEquals(0.12, body.path("load").asDouble(), 1e-9);
          assertEquals(3.0, body.path("snapshotAgeSeconds").asDouble(), 1e-9);
          assertFalse(body.path("degraded").asBoolean());
          assertEquals("no-store", r.headers().get("Cache-Control").get(0));
        });
  }

  @Test
  void aNamedRoomIsFoldedToLowerCaseAndLandsOnTheSameBridgeEveryTime() {
    fleetOf(bridge("a.example", "fr-par", 0.2), bridge("b.example", "fr-par", 0.2), bridge("c.example", "fr-par", 0.2));
    test(
        (app, client) -> {
          JsonNode first = json(post(client, "/assign", "{\"room\":\"Team-Sync\"}", "application/json"));
          assertEquals("team-sync", first.path("room").asText());
          for (int i = 0; i < 5; i++) {
            JsonNode again = json(client.post("/assign?room=team-sync"));
            assertEquals(first.path("bridge").asText(), again.path("bridge").asText());
          }
          // curl -d sends JSON labelled as a form; it is still read as JSON.
          JsonNode curl = json(post(client, "/assign", "{\"room\":\"team-sync\"}", "application/x-www-form-urlencoded"));
          assertEquals(first.path("bridge").asText(), curl.path("bridge").asText());
          JsonNode form = json(post(client, "/assign", "room=team-sync", "application/x-www-form-urlencoded"));
          assertEquals("team-sync", form.path("room").asText());
        });
  }

  @Test
  void aRegionIsHonouredAndAFullRegionSpills() {
    fleetOf(bridge("par.example", "fr-par", 0.9), bridge("ams.example", "nl-ams", 0.1));
    test(
        (app, client) -> {
          JsonNode ams = json(post(client, "/assign", "{\"region\":\"nl-ams\"}", "application/json"));
          assertEquals("https://ams.example", ams.path("bridge").asText());
          assertFalse(ams.path("spilled").asBoolean());
          JsonNode par = json(post(client, "/assign", "{\"region\":\"fr-par\"}", "application/json"));
          assertEquals("https://ams.example", par.path("bridge").asText());
          assertTrue(par.path("spilled").asBoolean());
          assertError(post(client, "/assign", "{\"region\":\"us-east\"}", "application/json"), 400, "unknown_region");
        });
  }

  @Test
  void badInputGetsTheContractsErrorCodes() {
    fleetOf(bridge("a.example", "fr-par", 0.2));
    test(
        (app, client) -> {
          assertError(post(client, "/assign", "{not json", "application/json"), 400, "bad_request");
          assertError(post(client, "/assign", "[1,2]", "application/json"), 400, "bad_request");
          assertError(post(client, "/assign", "{\"room\":42}", "application/json"), 400, "bad_request");
          assertError(post(client, "/assign", "{\"region\":[\"x\"]}", "application/json"), 400, "bad_request");
          assertError(post(client, "/assign", "{\"room\":\"no spaces\"}", "application/json"), 400, "invalid_room");
          assertError(post(client, "/assign", "{\"room\":\"" + "a".repeat(65) + "\"}", "application/json"), 400, "invalid_room");
          assertError(client.post("/assign?room=..%2Fetc"), 400, "invalid_room");
          String big = "{\"room\":\"a\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}";
          assertError(post(client, "/assign", big, "application/json"), 400, "bad_request");
          assertError(post(client, "/assign", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "application/json"), 400, "bad_request");
          assertEquals(200, post(client, "/assign", "", "application/json").code(), "an empty body is fine");
        });
  }

  @Test
  void aFullFleetAnswers503NoCapacityWithRetryAfterUntilTheNextPoll() {
    fleet.nextPollAt(clock.instant().plusSeconds(20));
    fleetOf(bridge("a.example", "fr-par", 0.86), bridge("b.example", "fr-par", 0.99));
    test(
        (app, client) -> {
          Response r = client.post("/assign");
          assertError(r, 503, "no_capacity");
          assertEquals("17", r.headers().get("Retry-After").get(0));
          assertTrue(json(r).path("message").asText().contains("17 seconds"));
        });
  }

  @Test
  void beforeTheFirstPollAssignAnswers503NoDataAndReadyzIsNotReady() {
    fleet.nextPollAt(clock.instant().plusSeconds(2));
    test(
        (app, client) -> {
          Response r = client.post("/assign");
          assertError(r, 503, "no_data");
          assertEquals("2", r.headers().get("Retry-After").get(0));
          assertEquals(503, client.get("/readyz").code());
          assertEquals(200, client.get("/healthz").code());
        });
  }

  @Test
  void readyzIsReadyWithASnapshotAndNotReadyOnceShuttingDown() {
    fleetOf(bridge("a.example", "fr-par", 0.2));
    test(
        (app, client) -> {
          assertEquals(200, client.get("/readyz").code());
          app.beginShutdown();
          assertEquals(503, client.get("/readyz").code());
          assertEquals(200, client.get("/healthz").code());
        });
  }

  @Test
  void aStaleSnapshotStillAnswersButSaysDegraded() {
    fleetOf(bridge("a.example", "fr-par", 0.2));
    clock.advance(Duration.ofMinutes(6));
    test(
        (app, client) -> {
          JsonNode body = json(client.post("/assign"));
          assertTrue(body.path("degraded").asBoolean());
          assertEquals(363.0, body.path("snapshotAgeSeconds").asDouble(), 1e-9);
          assertTrue(json(client.get("/bridges")).path("degraded").asBoolean());
          assertEquals(200, client.get("/readyz").code(), "a monitoring outage must not become a site outage");
        });
  }

  @Test
  void bridgesListsEveryBridgeWithStateAndRoomsSinceTheSnapshot() {
    fleet.set(
        new FleetSnapshot(
            clock.instant(),
            List.of(
                bridge("ok.example", "fr-par", 0.2),
                bridge("full.example", "fr-par", 0.9),
                new Bridge("https://draining.example", "nl-ams", 0.1, true, true),
                new Bridge("https://down.example", "nl-ams", Double.NaN, false, false))));
    clock.advance(Duration.ofSeconds(1));
    test(
        (app, client) -> {
          client.post("/assign");
          JsonNode body = json(client.get("/bridges"));
          assertEquals(1.0, body.path("snapshotAgeSeconds").asDouble(), 1e-9);
          Map<String, JsonNode> byUrl = new HashMap<>();
          body.path("bridges").forEach(b -> byUrl.put(b.path("url").asText(), b));
          assertEquals(4, byUrl.size());
          assertEquals("ok", byUrl.get("https://ok.example").path("state").asText());
          assertEquals(1, byUrl.get("https://ok.example").path("assignedSinceSnapshot").asInt());
          assertEquals("full", byUrl.get("https://full.example").path("state").asText());
          assertEquals("draining", byUrl.get("https://draining.example").path("state").asText());
          assertEquals("down", byUrl.get("https://down.example").path("state").asText());
          assertTrue(byUrl.get("https://down.example").path("load").isNull());

          JsonNode regions = json(client.get("/regions")).path("regions");
          assertEquals("fr-par", regions.get(0).path("name").asText());
          assertEquals(2, regions.get(0).path("bridges").asInt());
          assertEquals(1, regions.get(0).path("eligible").asInt());
          assertEquals(0, regions.get(1).path("eligible").asInt());
        });
  }

  @Test
  void withAnAdminTokenBridgesNeedsTheBearerTokenAndNeverEchoesIt() {
    env.put("HEADROOM_ADMIN_TOKEN", "correct-horse-battery-staple");
    fleetOf(bridge("a.example", "fr-par", 0.2));
    test(
        (app, client) -> {
          Response none = client.get("/bridges");
          assertError(none, 401, "unauthorized");
          Response wrong = client.get("/bridges", b -> b.header("Authorization", "Bearer correct-horse"));
          assertError(wrong, 401, "unauthorized");
          Response right = client.get("/bridges", b -> b.header("Authorization", "Bearer correct-horse-battery-staple"));
          assertEquals(200, right.code());
          assertEquals(200, client.get("/regions").code(), "regions stay public for the room page");
          for (Response r : List.of(none, wrong, right, client.get("/metrics"))) {
            assertFalse(r.body().string().contains("correct-horse-battery-staple"));
          }
        });
  }

  @Test
  void theRateLimitAppliesPerClientWith429AndRetryAfter() {
    env.put("HEADROOM_RATE_LIMIT", "3");
    fleetOf(bridge("a.example", "fr-par", 0.1));
    test(
        (app, client) -> {
          for (int i = 0; i < 3; i++) {
            assertEquals(200, client.post("/assign").code());
          }
          Response limited = client.post("/assign");
          assertError(limited, 429, "rate_limited");
          assertEquals("20", limited.headers().get("Retry-After").get(0));
          clock.advance(Duration.ofSeconds(20));
          assertEquals(200, client.post("/assign").code(), "a token came back after 20 s");
        });
  }

  @Test
  void forwardedForIsBelievedOnlyFromTrustedProxies() {
    env.put("HEADROOM_RATE_LIMIT", "1");
    fleetOf(bridge("a.example", "fr-par", 0.1));
    test(
        (app, client) -> {
          // The test client is not a trusted proxy: its X-Forwarded-For is ignored, so changing
          // it does not escape the limit.
          assertEquals(200, client.request("/assign", b -> b.post(HttpRequest.BodyPublishers.noBody()).header("X-Forwarded-For", "198.51.100.1")).code());
          assertEquals(429, client.request("/assign", b -> b.post(HttpRequest.BodyPublishers.noBody()).header("X-Forwarded-For", "198.51.100.2")).code());
        });
    env.put("HEADROOM_TRUSTED_PROXIES", "127.0.0.0/8,::1");
    test(
        (app, client) -> {
          assertEquals(200, client.request("/assign", b -> b.post(HttpRequest.BodyPublishers.noBody()).header("X-Forwarded-For", "198.51.100.1")).code());
          assertEquals(200, client.request("/assign", b -> b.post(HttpRequest.BodyPublishers.noBody()).header("X-Forwarded-For", "198.51.100.2")).code());
          assertEquals(429, client.request("/assign", b -> b.post(HttpRequest.BodyPublishers.noBody()).header("X-Forwarded-For", "198.51.100.1")).code());
        });
  }

  @Test
  void metricsExposeTheContractsNames() {
    fleetOf(bridge("a.example", "fr-par", 0.1), new Bridge("https://b.example", "fr-par", 0.1, true, true));
    test(
        (app, client) -> {
          client.post("/assign");
          post(client, "/assign", "{\"room\":\"bad name\"}", "application/json");
          Response r = client.get("/metrics");
          assertEquals(200, r.code());
          assertTrue(r.headers().get("Content-Type").get(0).startsWith("text/plain"));
          String text = r.body().string();
          for (String expected :
              List.of(
                  "headroom_assignments_total{bridge=\"https://a.example\",region=\"fr-par\"} 1.0",
                  "headroom_assign_rejected_total{reason=\"invalid_room\"} 1.0",
                  "headroom_assign_rejected_total{reason=\"no_capacity\"} 0.0",
                  "headroom_poll_duration_seconds_count",
                  "headroom_poll_failures_total{reason=\"timeout\"} 0.0",
                  "headroom_snapshot_age_seconds 3.0",
                  "headroom_bridges{state=\"ok\"} 1.0",
                  "headroom_bridges{state=\"draining\"} 1.0",
                  "headroom_recommended_bridges 2.0")) {
            assertTrue(text.contains(expected), "missing " + expected + " in\n" + text);
          }
        });
  }

  @Test
  void unknownPathsAndMethodsAnswerJsonNotStackTraces() {
    fleetOf(bridge("a.example", "fr-par", 0.1));
    test(
        (app, client) -> {
          assertError(client.get("/nope"), 404, "not_found");
          Response get = client.get("/assign");
          assertNotEquals(200, get.code());
          assertTrue(get.code() == 404 || get.code() == 405, "status " + get.code());
          assertTrue(json(get).has("error"));
        });
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    fleetOf(bridge("a.example", "fr-par", 0.1));
    test(
        (app, client) -> {
          for (String path : List.of("/", "/fleet", "/bridges", "/nope")) {
            Response r = client.get(path);
            assertEquals("nosniff", r.headers().get("X-Content-Type-Options").get(0), path);
            assertEquals("no-referrer", r.headers().get("Referrer-Policy").get(0), path);
            assertTrue(r.headers().get("Content-Security-Policy").get(0).contains("frame-ancestors 'none'"), path);
          }
          assertTrue(client.get("/").body().string().contains("<"), "the room page is served");
        });
  }
}
