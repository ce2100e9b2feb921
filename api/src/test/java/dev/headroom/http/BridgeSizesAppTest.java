package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.time.ManualClock;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeSizesAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManualClock clock = new ManualClock();
  private final SettableFleet fleet = new SettableFleet(Instant.parse("2026-11-25T10:00:30Z"));

  @Test
  void bridgesShowsEachBridgesSizeAndNullWhereTheCapacityQueryGaveNone() {
    fleet.set(
        new FleetSnapshot(
            clock.instant(),
            List.of(
                new Bridge("https://small.example", "fr-par", 0.3, true, false, 4),
                new Bridge("https://large.example", "fr-par", 0.3, true, false, 16),
                new Bridge("https://unsized.example", "fr-par", 0.3, true, false))));
    clock.advance(Duration.ofSeconds(1));
    HeadroomApp app = TestApps.app(Settings.defaults(), fleet, clock, AssignmentListener.NONE);
    JavalinTest.test(
        app.javalin(),
        (server, client) -> {
          JsonNode body = JSON.readTree(client.get("/bridges").body().string());
          Map<String, JsonNode> byUrl = new HashMap<>();
          body.path("bridges").forEach(b -> byUrl.put(b.path("url").asText(), b));
          assertEquals(4.0, byUrl.get("https://small.example").path("size").asDouble());
          assertEquals(16.0, byUrl.get("https://large.example").path("size").asDouble());
          assertTrue(byUrl.get("https://unsized.example").has("size"));
          assertTrue(byUrl.get("https://unsized.example").path("size").isNull());
        });
  }
}
