package dev.headroom.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.time.ManualClock;
import dev.headroom.prometheus.PrometheusClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merge rules and the poller, against canned Prometheus answers on the wire. */
class PrometheusFleetSourceTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final ManualClock clock = new ManualClock();
  private PrometheusClient client;
  private PrometheusFleetSource source;

  @BeforeEach
  void setUp() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String q = request.getUrl().queryParameter("query");
            String body = answers.get(q);
            if (body == null) {
              return new MockResponse.Builder().code(500).body("no answer for " + q).build();
            }
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
          }
        });
    client = PrometheusClient.builder(URI.create(server.url("/").toString())).timeout(Duration.ofSeconds(2)).build();
    source = new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region");
    answers.put("drain", vector());
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static String vector(String... series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}}";
  }

  private static String series(String url, String region, String value) {
    String labels = "\"bridge_url\":\"" + url + "\"" + (region == null ? "" : ",\"region\":\"" + region + "\"");
    return "{\"metric\":{" + labels + "},\"value\":[1764064800,\"" + value + "\"]}";
  }

  @Test
  void loadHealthAndDrainAreMergedPerBridge() throws Exception {
    answers.put("load", vector(series("https://b1.example/", "fr-par", "0.3"), series("https://b2.example", "nl-ams", "0.6")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b2.example", "nl-ams", "1")));
    answers.put("drain", vector(series("https://b2.example", null, "1")));
    FleetSnapshot s = source.fetch(clock.instant());
    assertEquals(clock.instant(), s.takenAt());
    Bridge b1 = s.bridge("https://b1.example").orElseThrow();
    assertEquals(0.3, b1.load());
    assertEquals("fr-par", b1.region());
    assertTrue(b1.healthy());
    assertFalse(b1.draining());
    assertTrue(s.bridge("https://b2.example").orElseThrow().draining());
  }

  @Test
  void theSnapshotIsAsOldAsItsOldestBridgesScrapeNeverInTheFuture() throws Exception {
    PrometheusFleetSource dated = new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region", true);
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3"), series("https://b2.example", "fr-par", "0.5")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b2.example", "fr-par", "1")));
    long now = clock.instant().getEpochSecond();
    answers.put(
        "max by (bridge_url) (timestamp(up{bridge_url!=\"\"}))",
        vector(series("https://b1.example", null, Long.toString(now - 12)), series("https://b2.example/", null, (now - 3) + ".5"),
            series("https://gone.example", null, Long.toString(now - 300))));
    assertEquals(clock.instant().minusSeconds(12), dated.fetch(clock.instant()).takenAt(), "the oldest bridge of the snapshot counts");
    answers.put("max by (bridge_url) (timestamp(up{bridge_url!=\"\"}))", vector(series("https://b1.example", null, Long.toString(now + 60))));
    assertEquals(clock.instant(), dated.fetch(clock.instant()).takenAt(), "a clock ahead of ours does not date data in the future");
  }

  @Test
  void anUnhealthyBridgeWithoutLoadSampleIsDown() throws Exception {
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b2.example", "fr-par", "0")));
    FleetSnapshot s = source.fetch(clock.instant());
    Bridge b2 = s.bridge("https://b2.example").orElseThrow();
    assertFalse(b2.up());
    assertFalse(b2.loadUnknown());
    assertTrue(Double.isNaN(b2.load()));
  }

  @Test
  void aHealthyBridgeWithoutLoadSampleKeepsItsLastKnownLoadThenTrustsSamplesAfterOneWindow() throws Exception {
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3"), series("https://b2.example", "fr-par", "0.5")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b2.example", "fr-par", "1")));
    assertEquals(Bridge.LoadSample.FRESH, source.fetch(clock.instant()).bridge("https://b2.example").orElseThrow().loadSample());

    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3")));
    Bridge kept = source.fetch(clock.instant()).bridge("https://b2.example").orElseThrow();
    assertEquals(Bridge.LoadSample.STALE, kept.loadSample());
    assertEquals(0.5, kept.load());
    assertTrue(kept.up(), "not down");

    // The first samples after the gap read low-idle (high load) until the series span the window.
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3"), series("https://b2.example", "fr-par", "0.97")));
    clock.advance(Duration.ofSeconds(30));
    Bridge young = source.fetch(clock.instant()).bridge("https://b2.example").orElseThrow();
    assertEquals(0.5, young.load(), "not trusted within one [1m] window of the gap");
    clock.advance(Duration.ofSeconds(61));
    Bridge trusted = source.fetch(clock.instant()).bridge("https://b2.example").orElseThrow();
    assertEquals(Bridge.LoadSample.FRESH, trusted.loadSample());
    assertEquals(0.97, trusted.load());
  }

  @Test
  void duplicateSeriesForOneBridgeAreCombinedPessimistically() throws Exception {
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.2"), series("https://b1.example", "fr-par", "0.7")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b1.example", "fr-par", "0")));
    Bridge b = source.fetch(clock.instant()).bridge("https://b1.example").orElseThrow();
    assertEquals(0.7, b.load());
    assertFalse(b.healthy());
  }

  @Test
  void seriesWhoseBridgeLabelIsNotAUrlAreIgnored() throws Exception {
    answers.put("load", vector(series("b1", "fr-par", "0.2"), series("https://ok.example", "fr-par", "0.2"), series("", null, "0.1")));
    answers.put("health", vector());
    FleetSnapshot s = source.fetch(clock.instant());
    assertEquals(1, s.bridges().size());
    assertEquals("https://ok.example", s.bridges().get(0).url());
  }

  @Test
  void anAnswerWithNoBridgeAtAllFailsThePollInsteadOfEmptyingTheFleet() {
    answers.put("load", vector());
    answers.put("health", vector());
    FleetSourceException e = assertThrows(FleetSourceException.class, () -> source.fetch(clock.instant()));
    assertEquals("empty", e.reason());
  }

  @Test
  void aFailingQueryFailsThePollWithItsReason() {
    answers.put("load", vector());
    FleetSourceException e = assertThrows(FleetSourceException.class, () -> source.fetch(clock.instant()));
    assertEquals("http_status", e.reason());
    assertTrue(e.getMessage().contains("health"), e.getMessage());
  }

  @Test
  void aFailedPollKeepsTheLastSnapshotAndABridgeMissingFromTheNextPollIsGone() {
    Poller poller = new Poller(source, Duration.ofSeconds(30), clock, new CountingListener());
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3"), series("https://b2.example", "fr-par", "0.3")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1"), series("https://b2.example", "fr-par", "1")));
    assertTrue(poller.pollOnce());
    FleetSnapshot first = poller.current().orElseThrow();

    clock.advance(Duration.ofSeconds(30));
    answers.remove("health");
    assertFalse(poller.pollOnce());
    assertEquals(first, poller.current().orElseThrow(), "a failed poll keeps the last snapshot");

    clock.advance(Duration.ofSeconds(30));
    answers.put("load", vector(series("https://b1.example", "fr-par", "0.3")));
    answers.put("health", vector(series("https://b1.example", "fr-par", "1")));
    assertTrue(poller.pollOnce());
    assertEquals(1, poller.current().orElseThrow().bridges().size(), "b2 was scaled in");
    assertEquals(clock.instant().plusSeconds(30), poller.nextPollAt());
  }

  private static final class CountingListener implements Poller.Listener {
    int ok;
    int failed;

    @Override
    public void polled(FleetSnapshot snapshot, Duration took) {
      ok++;
    }

    @Override
    public void failed(FleetSourceException cause, Duration took) {
      failed++;
    }
  }
}
