package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.time.ManualClock;
import io.javalin.testtools.JavalinTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the pages need beyond the contract's fields: region labels and the recommendation's why. */
class PageDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManualClock clock = new ManualClock();
  private final SettableFleet fleet = new SettableFleet(Instant.parse("2026-11-25T10:00:30Z"));

  private HeadroomApp app(Map<String, String> env) {
    return TestApps.app(Settings.load(env, List.of()), fleet, clock, AssignmentListener.NONE);
  }

  @Test
  void regionsCarryTheOperatorsNamesNextToTheCodesAndOnlyWhereGiven() {
    fleet.set(
        new FleetSnapshot(
            clock.instant(),
            List.of(
                new Bridge("https://a.example", "fr-par", 0.2, true, false),
                new Bridge("https://b.example", "nl-ams", 0.2, true, false),
                new Bridge("https://c.example", "pl-waw", 0.2, true, false))));
    JavalinTest.test(
        app(Map.of("HEADROOM_REGION_NAMES", "fr-par=Paris,nl-ams=Amsterdam")).javalin(),
        (server, client) -> {
          JsonNode regions = JSON.readTree(client.get("/regions").body().string()).path("regions");
          assertEquals("fr-par", regions.get(0).path("name").asText());
          assertEquals("Paris", regions.get(0).path("label").asText());
          assertEquals(1, regions.get(0).path("eligible").asInt());
          assertEquals("Amsterdam", regions.get(1).path("label").asText());
          assertFalse(regions.get(2).has("label"), "no name given: the code alone");
        });
  }

  @Test
  void bridgesSummaryStatesTheRecommendedChangeAndItsReason() {
    List<Bridge> quiet = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      quiet.add(new Bridge("https://b" + i + ".example", "fr-par", 0.23, true, false));
    }
    fleet.set(new FleetSnapshot(clock.instant(), quiet));
    JavalinTest.test(
        app(Map.of()).javalin(),
        (server, client) -> {
          JsonNode summary = JSON.readTree(client.get("/bridges").body().string()).path("summary");
          assertEquals(7, summary.path("recommendedBridges").asInt());
          assertEquals(8, summary.path("countedBridges").asInt());
          assertEquals(-1, summary.path("recommendedChange").asInt());
          assertEquals(
              "average load 23 % is below the 25 % scale-in threshold",
              summary.path("recommendationReason").asText());
        });
  }
}
