package dev.headroom.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.http.HeadroomApp;
import dev.headroom.http.TestApps;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The room page and the dashboard in a real Chromium, against the real service and a test fleet. */
class BrowserTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static Browser browser;
  private static final SettableFleet fleet = new SettableFleet(Instant.now());
  private static final AtomicInteger assigned = new AtomicInteger();
  private static Javalin server;
  private static String base;

  @RegisterExtension
  final TestWatcher onFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          browser.screenshot(context.getRequiredTestMethod().getName() + "-FAILED");
        }
      };

  @BeforeAll
  static void startServerAndBrowser() {
    server = start(Map.of("HEADROOM_RATE_LIMIT", "0"));
    base = "http://127.0.0.1:" + server.port();
    browser = new Browser();
  }

  static Javalin start(Map<String, String> env) {
    HeadroomApp app = TestApps.app(Settings.load(env, List.of()), fleet, CLOCK, (room, bridge) -> assigned.incrementAndGet());
    return app.javalin().start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @BeforeEach
  void reset() {
    browser.driver.manage().window().setSize(new Dimension(1280, 900));
    browser.severeConsoleMessages(); // drop what earlier tests left
    assigned.set(0);
    fleet.nextPollAt(Instant.now().plusSeconds(30));
  }

  @AfterEach
  void screenshotAndConsole(TestInfo info) {
    browser.screenshot(info.getTestMethod().orElseThrow().getName());
  }

  private static void assertNoConsoleErrors(String... allowedStatuses) {
    List<String> errors = new ArrayList<>();
    for (String m : browser.severeConsoleMessages()) {
      boolean allowed = false;
      for (String status : allowedStatuses) {
        allowed |= m.contains("status of " + status);
      }
      if (!allowed) {
        errors.add(m);
      }
    }
    assertEquals(List.of(), errors, "console errors");
  }

  private static WebElement byTestId(String id) {
    return browser.driver.findElement(By.cssSelector("[data-testid='" + id + "']"));
  }

  private static WebDriverWait await(int seconds) {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
  }

  private static Bridge bridge(String host, String region, double load) {
    return new Bridge("https://" + host, region, load, true, false);
  }

  @Test
  void startingAMeetingGivesALinkOnTheLeastLoadedBridge() {
    fleet.set(Instant.now(), bridge("busy.meet.example", "fr-par", 0.7), bridge("idle.meet.example", "fr-par", 0.1));
    browser.driver.get(base + "/");
    assertFalse(browser.driver.findElement(By.id("region-field")).isDisplayed(), "one region: no choice shown");
    byTestId("start").click();
    WebElement link = await(5).until(d -> {
      WebElement l = byTestId("room-link");
      return l.isDisplayed() ? l : null;
    });
    String href = link.getAttribute("href");
    assertTrue(href.startsWith("https://idle.meet.example/"), href);
    assertEquals(href, link.getText());
    assertEquals(href, browser.driver.findElement(By.id("join")).getAttribute("href"));
    browser.driver.findElement(By.id("copy")).click();
    String copied = await(5).until(d -> {
      String t = d.findElement(By.id("copy-status")).getText();
      return t.isEmpty() ? null : t;
    });
    assertTrue(copied.equals("Link copied.") || copied.startsWith("Press Ctrl+C"), copied);
    assertNoConsoleErrors();
  }

  @Test
  void aNamedMeetingCanBeStartedWithTheKeyboardAlone() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    browser.driver.get(base + "/");
    WebElement body = browser.driver.findElement(By.tagName("body"));
    body.sendKeys(Keys.TAB); // skip link
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB); // room field
    WebElement active = browser.driver.switchTo().activeElement();
    assertEquals("room", active.getAttribute("id"));
    active.sendKeys("Weekly-Sync", Keys.ENTER);
    WebElement link = await(5).until(d -> byTestId("room-link").isDisplayed() ? byTestId("room-link") : null);
    assertEquals("https://a.meet.example/weekly-sync", link.getAttribute("href"));
    assertEquals("result-title", browser.driver.switchTo().activeElement().getAttribute("id"), "focus moves to the result");
    assertNoConsoleErrors();
  }

  @Test
  void anInvalidNameIsRefusedInlineBeforeAnythingIsSent() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    browser.driver.get(base + "/");
    WebElement room = browser.driver.findElement(By.id("room"));
    room.sendKeys("team sync");
    WebElement error = byTestId("error");
    await(2).until(d -> error.isDisplayed());
    assertTrue(error.getText().contains("only letters, digits"), error.getText());
    assertEquals("true", room.getAttribute("aria-invalid"));
    byTestId("start").click();
    assertTrue(error.isDisplayed());
    assertFalse(byTestId("room-link").isDisplayed());
    assertEquals(0, assigned.get(), "nothing was sent");
    room.sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE, Keys.BACK_SPACE);
    room.sendKeys(Keys.BACK_SPACE, "-sync");
    await(2).until(d -> !error.isDisplayed());
    assertNoConsoleErrors();
  }

  @Test
  void aFullFleetSaysSoCountsDownAndRetriesByItself() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.95), bridge("b.meet.example", "fr-par", 0.9));
    fleet.nextPollAt(Instant.now().plusSeconds(3));
    browser.driver.get(base + "/");
    byTestId("start").click();
    WebElement error = byTestId("error");
    await(5).until(d -> error.isDisplayed());
    assertTrue(error.getText().matches("All bridges are busy — trying again in [1-3] s\\."), error.getText());
    browser.screenshot("aFullFleetSaysSoCountsDownAndRetriesByItself-waiting");
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.95), bridge("b.meet.example", "fr-par", 0.3));
    WebElement link = await(8).until(d -> byTestId("room-link").isDisplayed() ? byTestId("room-link") : null);
    assertTrue(link.getAttribute("href").startsWith("https://b.meet.example/"));
    assertFalse(error.isDisplayed());
    assertNoConsoleErrors("503");
  }

  @Test
  void aRegionCanBeChosenWhenThereAreSeveral() {
    fleet.set(Instant.now(), bridge("par.meet.example", "fr-par", 0.1), bridge("ams.meet.example", "nl-ams", 0.5));
    browser.driver.get(base + "/");
    WebElement field = browser.driver.findElement(By.id("region-field"));
    await(5).until(d -> field.isDisplayed());
    new Select(browser.driver.findElement(By.id("region"))).selectByValue("nl-ams");
    byTestId("start").click();
    WebElement link = await(5).until(d -> byTestId("room-link").isDisplayed() ? byTestId("room-link") : null);
    assertTrue(link.getAttribute("href").startsWith("https://ams.meet.example/"));
    assertNoConsoleErrors();
  }

  @Test
  void theRoomPageFitsA375PixelWideScreen() {
    fleet.set(Instant.now(), bridge("a-very-long-bridge-host-name.fr-par.meet.example", "fr-par", 0.2));
    browser.driver.manage().window().setSize(new Dimension(375, 800));
    browser.driver.get(base + "/");
    byTestId("start").click();
    await(5).until(d -> byTestId("room-link").isDisplayed());
    Object overflow =
        browser.driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue(), "no horizontal scrolling");
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardListsEveryBridgeAndUpdatesInPlaceWhenOneStartsDraining() {
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.2),
        bridge("b2.meet.example", "fr-par", 0.5),
        new Bridge("https://b3.meet.example", "nl-ams", Double.NaN, false, false));
    browser.driver.get(base + "/fleet");
    await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 3);
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']"));
    assertTrue(rows.get(0).getText().contains("https://b1.meet.example"), rows.get(0).getText());
    assertTrue(rows.get(0).getText().contains("ok"));
    assertTrue(rows.get(2).getText().contains("down"));
    assertEquals("3", browser.driver.findElement(By.id("total-bridges")).getText());
    assertEquals("2", browser.driver.findElement(By.id("total-eligible")).getText());
    assertFalse(browser.driver.findElement(By.id("total-recommended")).getText().equals("–"));

    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.2),
        new Bridge("https://b2.meet.example", "fr-par", 0.5, true, true),
        new Bridge("https://b3.meet.example", "nl-ams", Double.NaN, false, false));
    WebElement b2 = rows.get(1);
    await(8).until(d -> b2.getText().contains("draining"));
    assertEquals(b2, browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']")).get(1), "the row was updated, not rebuilt");
    assertEquals("1", browser.driver.findElement(By.id("total-eligible")).getText());
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardShowsABannerWhenDataIsStale() {
    fleet.set(new FleetSnapshot(Instant.now().minus(Duration.ofMinutes(7)), List.of(bridge("b1.meet.example", "fr-par", 0.2))));
    browser.driver.get(base + "/fleet");
    WebElement banner = browser.driver.findElement(By.id("degraded"));
    await(5).until(d -> banner.isDisplayed());
    assertTrue(banner.getText().contains("7 min old"), banner.getText());
    assertNoConsoleErrors();
  }

  @Test
  void withAnAdminTokenTheDashboardAsksForItOnceAndUsesIt() {
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.2));
    Javalin guarded = start(Map.of("HEADROOM_ADMIN_TOKEN", "fleet-token-123"));
    try {
      browser.driver.get("http://127.0.0.1:" + guarded.port() + "/fleet");
      WebElement token = browser.driver.findElement(By.id("token"));
      await(5).until(d -> token.isDisplayed());
      token.sendKeys("fleet-token-123", Keys.ENTER);
      await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 1);
      browser.driver.navigate().refresh();
      await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 1);
      assertFalse(browser.driver.findElement(By.id("token-form")).isDisplayed(), "asked only once per tab");
      assertNoConsoleErrors("401");
    } finally {
      guarded.stop();
    }
  }

  @Test
  void tooManyMeetingsFromOneAddressSaysWhenTheNextCanStart() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    Javalin limited = start(Map.of("HEADROOM_RATE_LIMIT", "1"));
    try {
      browser.driver.get("http://127.0.0.1:" + limited.port() + "/");
      byTestId("start").click();
      await(5).until(d -> byTestId("room-link").isDisplayed());
      byTestId("start").click();
      WebElement error = byTestId("error");
      await(5).until(d -> error.isDisplayed());
      assertTrue(error.getText().matches("You have started many meetings in a short time\\. You can start another in \\d+ s\\."), error.getText());
      assertFalse(byTestId("start").isEnabled(), "the button waits out the limit");
      assertNoConsoleErrors("429");
    } finally {
      limited.stop();
    }
  }

  @Test
  void whenHeadroomCannotBeReachedThePageSaysSo() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    Javalin doomed = start(Map.of("HEADROOM_RATE_LIMIT", "0"));
    browser.driver.get("http://127.0.0.1:" + doomed.port() + "/");
    await(5).until(d -> byTestId("start").isDisplayed());
    doomed.stop();
    byTestId("start").click();
    WebElement error = byTestId("error");
    await(5).until(d -> error.isDisplayed());
    assertEquals("We could not reach Headroom. Check your connection and try again.", error.getText());
    browser.severeConsoleMessages(); // the refused connection itself is logged by Chromium
  }

  @Test
  void theRoomPageFollowsDarkMode() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    browser.driver.executeCdpCommand(
        "Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      browser.driver.get(base + "/");
      String background = (String) browser.driver.executeScript("return getComputedStyle(document.body).backgroundColor;");
      assertEquals("rgb(13, 17, 23)", background);
      browser.screenshot("theRoomPageFollowsDarkMode-dark");
    } finally {
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
    assertNoConsoleErrors();
  }
}
