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
    return start(env, 0);
  }

  static Javalin start(Map<String, String> env, int port) {
    HeadroomApp app = TestApps.app(Settings.load(env, List.of()), fleet, CLOCK, (room, bridge) -> assigned.incrementAndGet());
    return app.javalin().start("127.0.0.1", port);
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
    assertFalse(byTestId("share-link").isDisplayed(), "a generated room shares its direct link");
    browser.driver.findElement(By.id("copy")).click();
    String copied = await(5).until(d -> {
      String t = d.findElement(By.id("copy-status")).getText();
      return t.isEmpty() ? null : t;
    });
    assertTrue(copied.equals("Link copied.") || copied.contains("Ctrl+C"), copied);
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
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertEquals("share-link", browser.driver.switchTo().activeElement().getAttribute("id"), "the link to share comes first");
    assertEquals(base + "/r/weekly-sync", browser.driver.switchTo().activeElement().getAttribute("href"));
    assertNoConsoleErrors();
  }

  @Test
  void whatPeopleTypeBecomesARoomNameAsTheyTypeAndTheStableLinkLeadsToTheMeeting() {
    String bridgeUrl = base + "/landing";
    fleet.set(Instant.now(), new Bridge(bridgeUrl, "fr-par", 0.2, true, false));
    browser.driver.get(base + "/");
    WebElement room = browser.driver.findElement(By.id("room"));
    room.sendKeys("Team sync!");
    assertEquals("team-sync", room.getAttribute("value"));
    WebElement hint = browser.driver.findElement(By.id("room-hint"));
    assertTrue(hint.getText().contains(base + "/r/team-sync"), hint.getText());
    assertTrue(hint.getText().contains("only letters, digits"), "says why the ! went: " + hint.getText());
    assertFalse(byTestId("error").isDisplayed(), "no red error at the first space");
    byTestId("start").click();
    WebElement share = await(5).until(d -> byTestId("share-link").isDisplayed() ? byTestId("share-link") : null);
    assertEquals(base + "/r/team-sync", share.getAttribute("href"));
    assertEquals(base + "/r/team-sync", share.getText());
    assertEquals(bridgeUrl + "/team-sync", byTestId("room-link").getAttribute("href"));
    browser.screenshot("whatPeopleType-result");
    share.click();
    await(5).until(d -> d.getCurrentUrl().equals(bridgeUrl + "/team-sync"));
    assertEquals(2, assigned.get(), "the page's start and the link's visit");
    assertNoConsoleErrors("404"); // the test's bridge is Headroom itself, which has no /landing
  }

  @Test
  void aBrokenStableLinkShowsAPageWithTheSentenceAndAWayToStartAMeeting() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    browser.driver.manage().window().setSize(new Dimension(375, 800));
    browser.driver.get(base + "/r/team%20sync");
    assertEquals("This meeting link is not valid", browser.driver.findElement(By.tagName("h1")).getText());
    assertEquals("A room name may contain only letters, digits, '-' and '_'.", byTestId("error").getText());
    Object overflow =
        browser.driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue(), "no horizontal scrolling");
    browser.screenshot("aBrokenStableLink-page");
    browser.driver.findElement(By.linkText("Start a meeting")).click();
    await(5).until(d -> d.getCurrentUrl().equals(base + "/"));
    assertNoConsoleErrors("400");
  }

  @Test
  void aNewStartHidesThePreviousResultSoNoOldLinkIsSharedByMistake() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    browser.driver.get(base + "/");
    byTestId("start").click();
    await(5).until(d -> byTestId("room-link").isDisplayed());
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.99));
    fleet.nextPollAt(Instant.now().plusSeconds(20));
    byTestId("start").click();
    await(5).until(d -> byTestId("error").isDisplayed());
    assertFalse(browser.driver.findElement(By.id("result")).isDisplayed(), "the old meeting is gone");
    assertNoConsoleErrors("503");
  }

  @Test
  void typingNeverCancelsAWaitForAFullFleet() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.99));
    fleet.nextPollAt(Instant.now().plusSeconds(3));
    browser.driver.get(base + "/");
    byTestId("start").click();
    WebElement notice = byTestId("error");
    await(5).until(d -> notice.isDisplayed());
    browser.driver.findElement(By.id("room")).sendKeys("standup");
    assertTrue(notice.isDisplayed(), "the countdown is still there");
    assertTrue(notice.getText().contains("trying again in"), notice.getText());
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.3));
    WebElement link = await(10).until(d -> byTestId("room-link").isDisplayed() ? byTestId("room-link") : null);
    assertEquals("https://a.meet.example/standup", link.getAttribute("href"), "the retry happened, with the name typed meanwhile");
    assertNoConsoleErrors("503");
  }

  @Test
  void aWaitIsAnnouncedPolitelyOnceIsNotStyledAsAnErrorAndDoesNotMoveStart() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.99));
    fleet.nextPollAt(Instant.now().plusSeconds(6));
    browser.driver.get(base + "/");
    WebElement start = byTestId("start");
    int startTop = start.getRect().getY();
    start.click();
    WebElement notice = byTestId("error");
    await(5).until(d -> notice.isDisplayed());
    assertEquals(startTop, start.getRect().getY(), "the notice does not push Start down");
    assertEquals(null, notice.getAttribute("aria-live"), "the per-second text is not a live region");
    assertEquals(null, notice.getAttribute("role"));
    WebElement announcer = browser.driver.findElement(By.cssSelector("[aria-live='polite'][role='status']#announce"));
    String announced = announcer.getAttribute("textContent");
    assertTrue(announced.matches("All bridges are busy — trying again in \\d s\\."), announced);
    String shown = notice.getText();
    await(4).until(d -> !notice.getText().equals(shown));
    assertEquals(announced, announcer.getAttribute("textContent"), "not announced again each second");
    String background = notice.getCssValue("background-color");
    assertFalse(background.equals("rgba(255, 235, 233, 1)") || background.equals("rgb(255, 235, 233)"), "waiting is not an error: " + background);
    assertTrue(notice.getAttribute("class").contains("waiting"));
    assertFalse(browser.driver.findElement(By.cssSelector(".lede")).getText().toLowerCase().contains("bridge"), "the intro speaks to people, not operators");
    assertNoConsoleErrors("503");
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
  void theRegionChoiceSaysAnyRegionShowsTheOperatorsNamesAndKeepsBusyMarksCurrent() {
    fleet.set(Instant.now(), bridge("par.meet.example", "fr-par", 0.1), bridge("ams.meet.example", "nl-ams", 0.9));
    Javalin named = start(Map.of("HEADROOM_RATE_LIMIT", "0", "HEADROOM_REGION_NAMES", "fr-par=Paris,nl-ams=Amsterdam"));
    try {
      browser.driver.get("http://127.0.0.1:" + named.port() + "/");
      WebElement field = browser.driver.findElement(By.id("region-field"));
      await(5).until(d -> field.isDisplayed());
      Select select = new Select(browser.driver.findElement(By.id("region")));
      List<String> options = select.getOptions().stream().map(WebElement::getText).toList();
      assertEquals(List.of("Any region (least busy)", "Paris", "Amsterdam (busy)"), options);
      fleet.set(Instant.now(), bridge("par.meet.example", "fr-par", 0.1), bridge("ams.meet.example", "nl-ams", 0.2));
      browser.driver.findElement(By.id("region")).click();
      await(5).until(d -> select.getOptions().get(2).getText().equals("Amsterdam"));
      browser.driver.findElement(By.id("region")).sendKeys(Keys.ESCAPE);
      browser.driver.findElement(By.id("room")).sendKeys("board");
      assertFalse(browser.driver.findElement(By.id("region")).isEnabled(), "a named room goes where its meeting is");
      assertTrue(browser.driver.findElement(By.id("region-hint")).isDisplayed());
      assertNoConsoleErrors();
    } finally {
      named.stop();
    }
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
    browser.driver.findElement(By.id("room")).sendKeys("quarterly-planning-with-the-whole-team");
    byTestId("start").click();
    await(5).until(d -> byTestId("room-link").isDisplayed() && byTestId("share-link").isDisplayed());
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
    assertTrue(rows.get(0).getText().contains("b1.meet.example"), rows.get(0).getText());
    assertFalse(rows.get(0).getText().contains("https://"), "host names, not URLs: " + rows.get(0).getText());
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
  void theDashboardShowsEachBridgesSizeBesideItsRegion() {
    fleet.set(Instant.now(),
        new Bridge("https://small.meet.example", "fr-par", 0.3, true, false, 4),
        new Bridge("https://large.meet.example", "fr-par", 0.3, true, false, 16),
        new Bridge("https://plain.meet.example", "nl-ams", 0.3, true, false));
    browser.driver.get(base + "/fleet");
    await(10).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 3);
    List<String> rows = browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']")).stream()
        .map(r -> r.getDomProperty("textContent"))
        .toList();
    assertTrue(rows.stream().anyMatch(r -> r.contains("large.meet.example") && r.contains("size 16")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.contains("small.meet.example") && r.contains("size 4")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.contains("plain.meet.example") && !r.contains("· size")), rows.toString());
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardShowsABannerWhenDataIsStale() {
    fleet.set(new FleetSnapshot(Instant.now().minus(Duration.ofMinutes(7)), List.of(bridge("b1.meet.example", "fr-par", 0.2))));
    browser.driver.get(base + "/fleet");
    WebElement banner = byTestId("fleet-alarm");
    await(5).until(d -> banner.isDisplayed());
    assertTrue(banner.getText().contains("7 min old"), banner.getText());
    assertEquals("alert", banner.getAttribute("role"));
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
      browser.driver.findElement(By.id("room")).sendKeys("another");
      assertFalse(byTestId("start").isEnabled(), "typing does not cancel the wait");
      assertTrue(error.getText().startsWith("You have started many meetings"), error.getText());
      assertNoConsoleErrors("429");
    } finally {
      limited.stop();
    }
  }

  @Test
  void whenHeadroomCannotBeReachedThePageRetriesByItselfWithACountdown() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    Javalin doomed = start(Map.of("HEADROOM_RATE_LIMIT", "0"));
    int port = doomed.port();
    browser.driver.get("http://127.0.0.1:" + port + "/");
    await(5).until(d -> byTestId("start").isDisplayed());
    doomed.stop();
    byTestId("start").click();
    WebElement error = byTestId("error");
    await(5).until(d -> error.isDisplayed());
    assertTrue(error.getText().matches("Headroom is not answering right now — trying again in [1-5] s\\."), error.getText());
    assertFalse(error.getText().contains("connection"), "does not blame the person's connection");
    Javalin back = start(Map.of("HEADROOM_RATE_LIMIT", "0", "HEADROOM_PORT", Integer.toString(port)), port);
    try {
      WebElement link = await(15).until(d -> byTestId("room-link").isDisplayed() ? byTestId("room-link") : null);
      assertTrue(link.getAttribute("href").startsWith("https://a.meet.example/"));
      assertFalse(error.isDisplayed());
    } finally {
      back.stop();
    }
    browser.severeConsoleMessages(); // the refused connection itself is logged by Chromium
  }

  @Test
  void onATouchScreenThePageOffersTheShareSheetAndNeverSaysCtrlC() {
    fleet.set(Instant.now(), bridge("a.meet.example", "fr-par", 0.2));
    Map<String, Object> script =
        browser.driver.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument",
            Map.of(
                "source",
                "Object.defineProperty(Navigator.prototype, 'share', {configurable: true, value: function (d) {"
                    + " window.sharedUrl = d.url; return Promise.resolve(); }});"
                    + "Object.defineProperty(Navigator.prototype, 'clipboard', {configurable: true, get: function () {"
                    + " return {writeText: function () { return Promise.reject(new Error('no clipboard')); }}; }});"));
    browser.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    try {
      browser.driver.get(base + "/");
      browser.driver.findElement(By.id("room")).sendKeys("family");
      byTestId("start").click();
      await(5).until(d -> byTestId("share-link").isDisplayed());
      WebElement share = browser.driver.findElement(By.id("share"));
      assertTrue(share.isDisplayed(), "the system share sheet is offered");
      browser.driver.findElement(By.id("copy")).click();
      String said = await(5).until(d -> {
        String t = d.findElement(By.id("copy-status")).getText();
        return t.isEmpty() ? null : t;
      });
      assertFalse(said.contains("Ctrl"), said);
      browser.screenshot("onATouchScreen-copy");
      share.click();
      await(5).until(d -> (base + "/r/family").equals(browser.driver.executeScript("return window.sharedUrl;")));
    } finally {
      browser.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
      browser.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script.get("identifier")));
    }
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardFitsA375PixelScreenAsCardsWithHostNames() {
    fleet.set(Instant.now(), bridge("bridge-with-a-long-name-01.fr-par.meet.example", "fr-par", 0.2),
        bridge("bridge-with-a-long-name-02.fr-par.meet.example", "fr-par", 0.6));
    browser.driver.manage().window().setSize(new Dimension(375, 800));
    browser.driver.get(base + "/fleet");
    await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 2);
    Object overflow =
        browser.driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertEquals(0L, ((Number) overflow).longValue(), "no horizontal scrolling");
    WebElement row = browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']")).get(0);
    assertFalse(row.getText().contains("https://"), row.getText());
    WebElement host = row.findElement(By.cssSelector("td.url"));
    WebElement rooms = row.findElement(By.cssSelector("td.rooms"));
    long width = ((Number) browser.driver.executeScript("return document.documentElement.clientWidth;")).longValue();
    assertTrue(rooms.getRect().getX() + rooms.getRect().getWidth() <= width, "rooms since poll is not cut off");
    assertTrue(rooms.getRect().getY() > host.getRect().getY(), "a card: fields stacked, not a wide row");
    assertTrue(host.getRect().getHeight() < 70, "the host name takes a line or two, not seven: " + host.getRect().getHeight());
    assertEquals("Rooms since poll", browser.driver.executeScript(
        "return getComputedStyle(arguments[0], '::before').content.replaceAll('\"', '');", rooms));
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardFollowsDarkModeOnASmallScreen() {
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.2), bridge("b2.meet.example", "nl-ams", 0.9));
    browser.driver.manage().window().setSize(new Dimension(375, 800));
    browser.driver.executeCdpCommand(
        "Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      browser.driver.get(base + "/fleet");
      await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 2);
      String background = (String) browser.driver.executeScript("return getComputedStyle(document.body).backgroundColor;");
      assertEquals("rgb(13, 17, 23)", background);
      browser.screenshot("theDashboardFollowsDarkModeOnASmallScreen-dark");
      browser.driver.get(base + "/");
      browser.driver.findElement(By.id("room")).sendKeys("Dark room");
      byTestId("start").click();
      await(5).until(d -> byTestId("share-link").isDisplayed());
      browser.screenshot("theRoomPageFollowsDarkMode-375-dark");
    } finally {
      browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
    assertNoConsoleErrors();
  }

  @Test
  void theDashboardRaisesTheAlarmWhenNoBridgeTakesRooms() {
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.9),
        new Bridge("https://b2.meet.example", "fr-par", 0.1, true, true));
    browser.driver.get(base + "/fleet");
    WebElement alarm = byTestId("fleet-alarm");
    await(5).until(d -> alarm.isDisplayed());
    assertEquals("No bridge is taking rooms — people are being turned away.", alarm.getText());
    assertEquals("alert", alarm.getAttribute("role"));
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.3),
        new Bridge("https://b2.meet.example", "fr-par", 0.1, true, true));
    await(8).until(d -> !alarm.isDisplayed());
    assertNoConsoleErrors();
  }

  @Test
  void whenHeadroomCannotBeReachedTheDashboardGreysTheRowsAndTheAgeKeepsCounting() {
    fleet.set(Instant.now(), bridge("b1.meet.example", "fr-par", 0.2));
    Javalin doomed = start(Map.of("HEADROOM_RATE_LIMIT", "0"));
    browser.driver.get("http://127.0.0.1:" + doomed.port() + "/fleet");
    await(5).until(d -> d.findElements(By.cssSelector("[data-testid='bridge-row']")).size() == 1);
    doomed.stop();
    WebElement alarm = byTestId("fleet-alarm");
    await(10).until(d -> alarm.isDisplayed());
    assertTrue(alarm.getText().startsWith("Headroom cannot be reached"), alarm.getText());
    assertEquals(1, browser.driver.findElements(By.cssSelector("[data-testid='bridge-row']")).size(), "the last figures stay");
    String opacity = browser.driver.findElement(By.id("table-wrap")).getCssValue("opacity");
    assertTrue(Double.parseDouble(opacity) < 0.6, "rows greyed: opacity " + opacity);
    WebElement age = browser.driver.findElement(By.id("total-age"));
    String before = age.getText();
    await(5).until(d -> !age.getText().equals(before));
    browser.screenshot("whenHeadroomCannotBeReachedTheDashboard-greyed");
    browser.severeConsoleMessages(); // the refused connections themselves are logged by Chromium
  }

  @Test
  void theRecommendationShowsItsChangeAndItsReason() {
    List<Bridge> quiet = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      quiet.add(bridge("b" + i + ".meet.example", "fr-par", 0.23));
    }
    fleet.set(new FleetSnapshot(Instant.now(), quiet));
    browser.driver.get(base + "/fleet");
    WebElement recommended = browser.driver.findElement(By.id("total-recommended"));
    await(5).until(d -> recommended.getText().equals("7 (−1)"));
    assertEquals("average load 23 % is below the 25 % scale-in threshold",
        browser.driver.findElement(By.id("recommend-reason")).getText());
    assertNoConsoleErrors();
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
