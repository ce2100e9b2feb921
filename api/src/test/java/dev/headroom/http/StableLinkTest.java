package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.time.ManualClock;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /r/{room}}: the stable meeting link on Headroom's own address. */
class StableLinkTest {
  private final ManualClock clock = new ManualClock();
  private final SettableFleet fleet = new SettableFleet(Instant.parse("2026-11-25T10:00:30Z"));
  private final Map<String, String> env = new HashMap<>(Map.of("HEADROOM_RATE_LIMIT", "0"));
  private final List<String> assigned = new ArrayList<>();

  private void test(Body body) {
    AssignmentListener listener = (room, bridge) -> assigned.add(room + "@" + bridge.url());
    HeadroomApp app = TestApps.app(Settings.load(env, List.of()), fleet, clock, listener);
    JavalinTest.test(app.javalin(), (server, client) -> body.run(client));
  }

  @FunctionalInterface
  interface Body {
    void run(HttpClient client) throws Exception;
  }

  private void fleetOf(Bridge... bridges) {
    fleet.set(new FleetSnapshot(clock.instant(), List.of(bridges)));
  }

  private static Bridge bridge(String host, String region, double load) {
    return new Bridge("https://" + host, region, load, true, false);
  }

  private static String header(Response r, String name) {
    List<String> values = r.headers().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String location(Response r) {
    return header(r, "Location");
  }

  private static void assertHtmlPage(Response r, int status, String sentence) {
    String body = r.body().string();
    assertEquals(status, r.code(), body);
    assertTrue(String.valueOf(header(r, "Content-Type")).startsWith("text/html"));
    assertTrue(body.contains(sentence), body);
    assertTrue(body.contains("href=\"/\""), "a way back to the room page: " + body);
    assertFalse(body.contains("Exception"), body);
    assertTrue(body.startsWith("<!doctype html>"), "a page, not JSON: " + body);
  }

  @Test
  void aStableLinkRedirectsToTheNamesBridgeFoldedToLowerCaseAndCountsAsAnAssignment() {
    fleetOf(bridge("a.example", "fr-par", 0.2), bridge("b.example", "nl-ams", 0.2), bridge("c.example", "pl-waw", 0.2));
    test(
        client -> {
          Response json = client.post("/assign?room=team-sync&region=nl-ams");
          String bridge = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body().string()).path("bridge").asText();
          Response r = client.get("/r/Team-Sync");
          assertEquals(302, r.code());
          assertEquals(bridge + "/team-sync", location(r), "the same meeting /assign gives, whatever region was asked there");
          assertEquals("no-store", header(r, "Cache-Control"));
          assertEquals(2, assigned.size());
          assertTrue(assigned.get(1).startsWith("team-sync@"), assigned.toString());
          String metrics = client.get("/metrics").body().string();
          assertTrue(
              metrics.lines().anyMatch(l -> l.startsWith("headroom_assignments_total{bridge=\"" + bridge + "\"") && l.matches(".* 2(\\.0)?")),
              metrics);
        });
  }

  @Test
  void theLinkKeepsWorkingWhenItsBridgeGoesDownAndComesBack() {
    Bridge a = bridge("a.example", "fr-par", 0.2);
    Bridge b = bridge("b.example", "fr-par", 0.2);
    Bridge c = bridge("c.example", "fr-par", 0.2);
    fleetOf(a, b, c);
    test(
        client -> {
          String home = location(client.get("/r/weekly"));
          List<Bridge> others = new ArrayList<>();
          for (Bridge x : List.of(a, b, c)) {
            others.add(home.startsWith(x.url() + "/") ? new Bridge(x.url(), x.region(), Double.NaN, false, false) : x);
          }
          fleet.set(new FleetSnapshot(clock.instant(), others));
          String moved = location(client.get("/r/weekly"));
          assertNotEquals(home, moved);
          assertTrue(moved.endsWith("/weekly"), moved);
          assertEquals(moved, location(client.get("/r/WEEKLY")), "everyone joining now lands in the same place");
          fleetOf(a, b, c);
          assertEquals(home, location(client.get("/r/weekly")));
        });
  }

  @Test
  void aNamesBridgeAboveTheMaximumButBelowTheHardMaximumKeepsIt() {
    fleetOf(bridge("a.example", "fr-par", 0.2), bridge("b.example", "fr-par", 0.2));
    test(
        client -> {
          String home = location(client.get("/r/all-hands"));
          String host = home.substring(0, home.indexOf("/all-hands"));
          List<Bridge> busy = new ArrayList<>();
          for (String h : List.of("https://a.example", "https://b.example")) {
            busy.add(new Bridge(h, "fr-par", h.equals(host) ? 0.90 : 0.2, true, false));
          }
          fleet.set(new FleetSnapshot(clock.instant(), busy));
          assertEquals(home, location(client.get("/r/all-hands")));
        });
  }

  @Test
  void anInvalidNameGetsASmallPageWithTheSentence() {
    fleetOf(bridge("a.example", "fr-par", 0.2));
    test(
        client -> {
          assertHtmlPage(client.get("/r/team%20sync"), 400, "A room name may contain only letters, digits, &#39;-&#39; and &#39;_&#39;.");
          assertHtmlPage(client.get("/r/" + "x".repeat(65)), 400, "A room name can be at most 64 characters long.");
          Response script = client.get("/r/%3Cscript%3E");
          assertFalse(script.body().string().contains("<script>"), "nothing from the link is echoed unescaped");
          assertEquals(List.of(), assigned);
          assertTrue(client.get("/metrics").body().string().contains("headroom_assign_rejected_total{reason=\"invalid_room\"}"));
        });
  }

  @Test
  void aFullFleetGetsA503PageWithRetryAfterAndNoDataToo() {
    test(
        client -> {
          Response none = client.get("/r/standup");
          assertHtmlPage(none, 503, "Headroom has not heard from the fleet yet.");
          assertTrue(header(none, "Retry-After") != null);
          fleetOf(bridge("a.example", "fr-par", 0.96), bridge("b.example", "fr-par", 0.99));
          fleet.nextPollAt(clock.instant().plusSeconds(12));
          Response full = client.get("/r/standup");
          assertHtmlPage(full, 503, "All bridges are busy right now. Please try again in 12 seconds.");
          assertEquals("12", header(full, "Retry-After"));
        });
  }

  @Test
  void theLinkIsRateLimitedLikeAssignWithAPageSayingWhen() {
    env.put("HEADROOM_RATE_LIMIT", "2");
    fleetOf(bridge("a.example", "fr-par", 0.2));
    test(
        client -> {
          assertEquals(302, client.get("/r/one").code());
          assertEquals(200, client.post("/assign").code(), "/assign and /r/ share one budget");
          Response limited = client.get("/r/three");
          assertHtmlPage(limited, 429, "Too many new meetings from your address.");
          assertTrue(header(limited, "Retry-After") != null);
          clock.advance(Duration.ofMinutes(1));
          assertEquals(302, client.get("/r/three").code());
        });
  }
}
