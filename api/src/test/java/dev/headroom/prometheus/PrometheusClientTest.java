package dev.headroom.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  private PrometheusClient client;

  private PrometheusClient client(String basePath) {
    client =
        PrometheusClient.builder(URI.create(server.url(basePath).toString()))
            // Generous: the first query in a JVM on a busy machine can take a second or more.
            .timeout(Duration.ofSeconds(2))
            .build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private PrometheusException failure(String query) {
    if (client == null) {
      client("/");
    }
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.query(query).get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof PrometheusException, "cause: " + e.getCause());
    return (PrometheusException) e.getCause();
  }

  @Test
  void anInstantQueryIsAGetOnApiV1QueryWithTheQueryEncoded() throws Exception {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    String promql = "1 - avg by (bridge_url) (rate(node_cpu_seconds_total{mode=\"idle\"}[1m])) + 0 & x";
    client("/").query(promql).get(5, TimeUnit.SECONDS);
    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/api/v1/query", r.getUrl().encodedPath());
    assertEquals(promql, r.getUrl().queryParameter("query"));
    assertFalse(r.getTarget().contains(" "), r.getTarget());
    assertTrue(r.getTarget().contains("%26"), "the & inside the query is escaped: " + r.getTarget());
    assertNull(r.getHeaders().get("Authorization"));
  }

  @Test
  void aPathPrefixInTheBaseUrlIsKept() throws Exception {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    client("/thanos/").query("up").get(5, TimeUnit.SECONDS);
    assertEquals("/thanos/api/v1/query", server.takeRequest().getUrl().encodedPath());
  }

  @Test
  void aRefusalByAuthNamesTheSettingsToCheckAndTheUrlWithItsPrefix() throws Exception {
    for (int code : new int[] {401, 403}) {
      server.enqueue(new MockResponse.Builder().code(code).body("Unauthorized\n").build());
      client("/mimir/prometheus/");
      PrometheusException e = failure("up");
      assertEquals(PrometheusException.Reason.HTTP_STATUS, e.reason());
      assertTrue(e.getMessage().contains(server.url("/mimir/prometheus").toString().replaceAll("/$", "") + " answered HTTP " + code), e.getMessage());
      assertTrue(e.getMessage().endsWith("check HEADROOM_PROMETHEUS_USER / _PASSWORD"), e.getMessage());
      client.close();
      client = null;
    }
  }

  @Test
  void basicAuthIsSentWithEveryQuery() throws Exception {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
    client =
        PrometheusClient.builder(URI.create(server.url("/").toString()))
            .basicAuth("headroom", Secret.ofNullable("s3cr3t:pw"))
            .build();
    client.query("up").get(5, TimeUnit.SECONDS);
    String expected = "Basic " + Base64.getEncoder().encodeToString("headroom:s3cr3t:pw".getBytes());
    assertEquals(expected, server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void aVectorBecomesSamplesWithLabelsValuesAndTimestamps() throws Exception {
    server.enqueue(
        json(
            200,
            """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"bridge_url":"https://b1.example","region":"fr-par"},"value":[1764064800.5,"0.42"]},
              {"metric":{"bridge_url":"https://b2.example"},"value":[1764064800.5,"NaN"]},
              {"metric":{"bridge_url":"https://b3.example"},"value":[1764064800.5,"+Inf"]},
              {"metric":{"bridge_url":"https://b4.example"},"value":[1764064800.5,"-Inf"]}
            ]},"warnings":["too many samples"]}
            """));
    QueryResult r = client("/").query("x").get(5, TimeUnit.SECONDS);
    assertEquals(4, r.samples().size());
    Sample first = r.samples().get(0);
    assertEquals("https://b1.example", first.label("bridge_url"));
    assertEquals("fr-par", first.label("region"));
    assertEquals("", r.samples().get(1).label("region"));
    assertEquals(0.42, first.value());
    assertEquals(Instant.ofEpochMilli(1764064800500L), first.timestamp());
    assertTrue(Double.isNaN(r.samples().get(1).value()));
    assertEquals(Double.POSITIVE_INFINITY, r.samples().get(2).value());
    assertEquals(Double.NEGATIVE_INFINITY, r.samples().get(3).value());
    assertEquals(java.util.List.of("too many samples"), r.warnings());
  }

  @Test
  void aScalarBecomesOneSampleWithoutLabels() throws Exception {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1764064800,\"3\"]}}"));
    QueryResult r = client("/").query("scalar(3)").get(5, TimeUnit.SECONDS);
    assertEquals(1, r.samples().size());
    assertEquals(3.0, r.samples().get(0).value());
    assertTrue(r.samples().get(0).labels().isEmpty());
  }

  @Test
  void anErrorStatusIsAQueryErrorCarryingPrometheusOwnMessage() {
    server.enqueue(json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}"));
    PrometheusException e = failure("rate(");
    assertEquals(PrometheusException.Reason.QUERY_ERROR, e.reason());
    assertTrue(e.getMessage().contains("bad_data"), e.getMessage());
    assertTrue(e.getMessage().contains("parse error at char 5"), e.getMessage());
  }

  @Test
  void anHtmlErrorPageIsAnHttpStatusFailure() {
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body("<html>Bad Gateway</html>").build());
    PrometheusException e = failure("up");
    assertEquals(PrometheusException.Reason.HTTP_STATUS, e.reason());
    assertTrue(e.getMessage().contains("502"), e.getMessage());
  }

  @Test
  void aNon200WithoutBodyIsAnHttpStatusFailure() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    assertEquals(PrometheusException.Reason.HTTP_STATUS, failure("up").reason());
  }

  @Test
  void a200ThatIsNotJsonIsMalformed() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html>login</html>").build());
    assertEquals(PrometheusException.Reason.MALFORMED, failure("up").reason());
  }

  @Test
  void truncatedJsonIsMalformed() {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{}"));
    assertEquals(PrometheusException.Reason.MALFORMED, failure("up").reason());
  }

  @Test
  void aMatrixAnswerToAnInstantQueryIsMalformed() {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
    assertEquals(PrometheusException.Reason.MALFORMED, failure("up[1m]").reason());
  }

  @Test
  void aValueThatIsNotANumberIsMalformed() {
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"lots\"]}]}}"));
    assertEquals(PrometheusException.Reason.MALFORMED, failure("up").reason());
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsATimeout() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
            .headersDelay(10, TimeUnit.SECONDS)
            .build());
    long start = System.nanoTime();
    PrometheusException e = failure("up");
    assertEquals(PrometheusException.Reason.TIMEOUT, e.reason());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6), "gave up at the 2 s timeout, not the 10 s answer");
  }

  @Test
  void aServerThatIsNotThereIsUnreachable() throws Exception {
    URI gone = URI.create(server.url("/").toString());
    server.close();
    client = PrometheusClient.builder(gone).timeout(Duration.ofMillis(500)).build();
    assertEquals(PrometheusException.Reason.UNREACHABLE, failure("up").reason());
  }

  @Test
  void noFailureMessageContainsThePassword() {
    server.enqueue(json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}"));
    client =
        PrometheusClient.builder(URI.create(server.url("/").toString()))
            .basicAuth("headroom", Secret.ofNullable("very-secret-pw"))
            .build();
    PrometheusException e = failure("up");
    assertFalse(e.getMessage().contains("very-secret-pw"));
  }
}
