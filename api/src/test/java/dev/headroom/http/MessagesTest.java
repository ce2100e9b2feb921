package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.time.ManualClock;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the error messages say agrees with their headers, with grammar, and with the README. */
class MessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock();
  private final SettableFleet fleet = new SettableFleet(clock.instant().plusSeconds(1));

  private HeadroomApp app() {
    return TestApps.app(Settings.load(Map.of("HEADROOM_RATE_LIMIT", "0"), List.of()), fleet, clock, AssignmentListener.NONE);
  }

  private static Response post(io.javalin.testtools.HttpClient client, String path, String body) {
    return client.request(path, b -> b.post(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
  }

  @Test
  void noDataSaysTheSameWaitAsItsRetryAfterInGoodGrammar() {
    JavalinTest.test(
        app().javalin(),
        (server, client) -> {
          Response r = post(client, "/assign", "");
          assertEquals(503, r.code());
          assertEquals("1", r.headers().get("Retry-After").get(0));
          JsonNode body = JSON.readTree(r.body().string());
          assertEquals("no_data", body.path("error").asText());
          assertTrue(body.path("message").asText().endsWith("Please try again in 1 second."), body.toString());
        });
  }

  @Test
  void aFullFleetSaysOneSecondNotOneSeconds() {
    fleet.set(clock.instant(), new Bridge("https://b1.example", "fr-par", 0.9, true, false));
    JavalinTest.test(
        app().javalin(),
        (server, client) -> {
          JsonNode body = JSON.readTree(post(client, "/assign", "").body().string());
          assertEquals("no_capacity", body.path("error").asText());
          assertEquals("All bridges are busy right now. Please try again in 1 second.", body.path("message").asText());
        });
  }

  @Test
  void anUnknownRegionOnAFleetWithoutRegionsSaysThereAreNone() {
    fleet.set(clock.instant(), new Bridge("https://b1.example", "", 0.2, true, false));
    JavalinTest.test(
        app().javalin(),
        (server, client) -> {
          JsonNode body = JSON.readTree(post(client, "/assign", "{\"region\":\"fr-par\"}").body().string());
          assertEquals("unknown_region", body.path("error").asText());
          assertEquals(
              "There is no bridge in the region 'fr-par'. This fleet has no regions: leave the region out.",
              body.path("message").asText());
        });
  }

  @Test
  void anEmptyOrBlankRoomIsNoRoomGivenAsTheReadmeSays() throws Exception {
    fleet.set(clock.instant(), new Bridge("https://b1.example", "fr-par", 0.2, true, false));
    JavalinTest.test(
        app().javalin(),
        (server, client) -> {
          for (String body : List.of("{\"room\":\"\"}", "{\"room\":\"   \"}", "{\"room\":null}")) {
            Response r = post(client, "/assign", body);
            assertEquals(200, r.code(), body);
            assertTrue(JSON.readTree(r.body().string()).path("room").asText().matches("[a-z]+(-[a-z0-9]+)+"), body);
          }
          assertEquals(200, client.request("/assign?room=", b -> b.post(HttpRequest.BodyPublishers.noBody())).code());
        });
    assertTrue(readme().contains("An empty or blank `room` (JSON, form or query) counts as no room given"), "README says so");
  }

  @Test
  void theReadmeListsEveryErrorCodeTheServiceAnswersWith() throws Exception {
    String errors = readme().substring(readme().indexOf("Errors on the API are always JSON"));
    errors = errors.substring(0, errors.indexOf("\n\n"));
    for (String code :
        List.of("bad_request", "invalid_room", "unknown_region", "unauthorized", "rate_limited", "no_capacity", "no_data",
            "unavailable", "not_found", "method_not_allowed")) {
      assertTrue(errors.contains("`" + code + "`"), code + " missing from the README's error codes:\n" + errors);
    }
    assertFalse(errors.contains("a few seconds"), errors);
  }

  private static String readme() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    Path readme = Files.exists(here.resolve("README.md")) && Files.exists(here.resolve("api")) ? here.resolve("README.md") : here.getParent().resolve("README.md");
    return Files.readString(readme);
  }
}
