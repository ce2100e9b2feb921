package dev.headroom.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.http.HeadroomApp;
import dev.headroom.http.TestApps;
import dev.headroom.policy.AssignmentListener;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard shows each bridge's size on a mixed fleet, in a real Chromium. */
class FleetSizesBrowserTest {
  @Test
  void theDashboardShowsEachBridgesSizeBesideItsRegion() {
    SettableFleet fleet = new SettableFleet(Instant.now().plusSeconds(30));
    fleet.set(
        Instant.now(),
        new Bridge("https://small.meet.example", "fr-par", 0.3, true, false, 4),
        new Bridge("https://large.meet.example", "fr-par", 0.3, true, false, 16),
        new Bridge("https://plain.meet.example", "nl-ams", 0.3, true, false));
    HeadroomApp app =
        TestApps.app(Settings.load(Map.of(), List.of()), fleet, Clock.systemUTC(), AssignmentListener.NONE);
    Javalin server = app.javalin().start("127.0.0.1", 0);
    try (Browser browser = new Browser()) {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
      browser.driver.get("http://127.0.0.1:" + server.port() + "/fleet");
      new WebDriverWait(browser.driver, Duration.ofSeconds(10))
          .until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 3);
      List<String> rows =
          browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']")).stream()
              .map(r -> r.getDomProperty("textContent"))
              .toList();
      assertTrue(rows.stream().anyMatch(r -> r.contains("large.meet.example") && r.contains("size 16")), rows.toString());
      assertTrue(rows.stream().anyMatch(r -> r.contains("small.meet.example") && r.contains("size 4")), rows.toString());
      assertTrue(rows.stream().anyMatch(r -> r.contains("plain.meet.example") && !r.contains("· size")), rows.toString());
      browser.screenshot("theDashboardShowsEachBridgesSizeBesideItsRegion");
    } finally {
      server.stop();
    }
  }
}
