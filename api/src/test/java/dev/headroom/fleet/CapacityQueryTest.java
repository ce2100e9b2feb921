package dev.headroom.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.prometheus.PrometheusClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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

/** How the capacity query's answer becomes each bridge's size (canned answers on the wire). */
class CapacityQueryTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private PrometheusClient client;
  private PrometheusFleetSource source;

  @BeforeEach
  void setUp() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = answers.get(request.getUrl().queryParameter("query"));
            return body == null
                ? new MockResponse.Builder().code(500).body("no answer").build()
                : new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
          }
        });
    client = PrometheusClient.builder(URI.create(server.url("/").toString())).timeout(Duration.ofSeconds(2)).build();
    source = new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region", "cpus");
    answers.put("load", vector(series("https://a.example", "0.3"), series("https://b.example", "0.3"), series("https://c.example", "0.3")));
    answers.put("health", vector(series("https://a.example", "1"), series("https://b.example", "1"), series("https://c.example", "1")));
    answers.put("drain", vector());
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static String vector(String... series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", series) + "]}}";
  }

  private static String series(String url, String value) {
    return "{\"metric\":{\"bridge_url\":\"" + url + "\"},\"value\":[1764064800,\"" + value + "\"]}";
  }

  @Test
  void eachBridgeGetsItsSizeAndOneWithoutAUsableSeriesHasNone() throws Exception {
    answers.put(
        "cpus",
        vector(
            series("https://a.example/", "4"),
            series("https://b.example", "0"),
            series("https://c.example", "NaN"),
            series("https://elsewhere.example", "64")));
    FleetSnapshot s = source.fetch(Instant.EPOCH);
    assertEquals(4, s.bridge("https://a.example").orElseThrow().size());
    assertFalse(s.bridge("https://b.example").orElseThrow().sized(), "a size of 0 is no size");
    assertFalse(s.bridge("https://c.example").orElseThrow().sized());
    assertTrue(s.bridge("https://elsewhere.example").isEmpty(), "the capacity query adds no bridge");
    assertEquals(4, s.medianSize());
  }

  @Test
  void twoSeriesForOneBridgeGiveTheSmallerSize() throws Exception {
    answers.put("cpus", vector(series("https://a.example", "16"), series("https://a.example", "8")));
    assertEquals(8, source.fetch(Instant.EPOCH).bridge("https://a.example").orElseThrow().size());
  }

  @Test
  void aFailingCapacityQueryKeepsEachBridgesLastSizeAndThePollGoesOn() throws Exception {
    answers.put("cpus", vector(series("https://a.example", "16"), series("https://b.example", "4")));
    source.fetch(Instant.EPOCH);
    answers.remove("cpus"); // the capacity query now answers 500
    FleetSnapshot s = source.fetch(Instant.EPOCH.plusSeconds(30));
    assertEquals(16, s.bridge("https://a.example").orElseThrow().size());
    assertEquals(4, s.bridge("https://b.example").orElseThrow().size());
    assertFalse(s.bridge("https://c.example").orElseThrow().sized(), "never sized: the median");
  }

  @Test
  void aCapacityQueryThatNeverAnsweredLeavesEveryBridgeAtTheMedianSize() throws Exception {
    FleetSnapshot s = source.fetch(Instant.EPOCH);
    assertEquals(3, s.bridges().size(), "the poll succeeded");
    assertTrue(s.bridges().stream().noneMatch(Bridge::sized));
  }
}
