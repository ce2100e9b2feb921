package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.http.HeadroomApp;
import dev.headroom.http.TestApps;
import dev.headroom.policy.AssignmentListener;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever arrives on /assign — any room name, any region, any body, any content type — the
 * answer is a 200 or one of the contract's JSON errors, never a 5xx, and the service stays up.
 */
class BadInputPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CODES = Set.of("bad_request", "invalid_room", "unknown_region");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Javalin server;
  private static URI base;

  @BeforeContainer
  static void start() {
    Clock clock = Clock.systemUTC();
    Settings settings = Settings.load(Map.of("HEADROOM_RATE_LIMIT", "0", "HEADROOM_ROOM_COST", "0"), List.of());
    SettableFleet fleet = new SettableFleet(Instant.now().plusSeconds(30));
    fleet.set(
        Instant.now(),
        new Bridge("https://a.meet.example", "fr-par", 0.2, true, false),
        new Bridge("https://b.meet.example", "nl-ams", 0.3, true, false));
    HeadroomApp app = TestApps.app(settings, fleet, clock, AssignmentListener.NONE);
    server = app.javalin().start("127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterContainer
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> post(String pathAndQuery, byte[] body, String contentType) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A 200 with a room URL, or a 400 in the contract's shape; never anything else. */
  private static void assertContractAnswer(HttpResponse<String> r) throws Exception {
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() == 200) {
      assertTrue(body.path("url").asText().startsWith("https://"), r.body());
      return;
    }
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(CODES.contains(body.path("error").asText()), r.body());
    assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), r.body());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("at dev.headroom"), r.body());
  }

  @Property(tries = 300)
  void anyRoomNameInTheQueryGetsARoomOrInvalidRoom(@ForAll("names") String room) throws Exception {
    HttpResponse<String> r = post("/assign?room=" + URLEncoder.encode(room, StandardCharsets.UTF_8), new byte[0], null);
    assertContractAnswer(r);
    boolean valid = room.trim().matches("[A-Za-z0-9_-]{1,64}");
    if (room.isBlank()) {
      assertEquals(200, r.statusCode());
    } else {
      assertEquals(valid ? 200 : 400, r.statusCode(), room);
    }
  }

  @Property(tries = 300)
  void anyRoomAndRegionInAJsonBodyGetTheContractsAnswer(@ForAll("names") String room, @ForAll("names") String region)
      throws Exception {
    String body = JSON.writeValueAsString(Map.of("room", room, "region", region));
    assertContractAnswer(post("/assign", body.getBytes(StandardCharsets.UTF_8), "application/json"));
  }

  @Property(tries = 300)
  void anyBytesWithAnyContentTypeGetTheContractsAnswer(@ForAll("bodies") byte[] body, @ForAll("contentTypes") String type)
      throws Exception {
    assertContractAnswer(post("/assign", body, type));
  }

  @Property(tries = 150)
  void wrongTypesAndDeepNestingAreBadRequests(@ForAll("wrongTypes") String body) throws Exception {
    HttpResponse<String> r = post("/assign", body.getBytes(StandardCharsets.UTF_8), "application/json");
    assertContractAnswer(r);
    assertEquals(400, r.statusCode(), body);
    assertEquals(200, HTTP.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', 'A', 'Z').ofMinLength(1).ofMaxLength(70),
        Arbitraries.strings().all().ofMaxLength(100),
        Arbitraries.of("", " ", "fr-par", "nl-ams", "../../etc/passwd", "<script>", "%00", "a b", "é", "😀", "\u0000"));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.strings().all().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.integers().between(16 * 1024 - 10, 40 * 1024).map(n -> ("{\"room\":\"" + "x".repeat(n) + "\"}").getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, new byte[] {(byte) 0xc3, (byte) 0x28}));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        null, "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/xml", "garbage/;;;");
  }

  @Provide
  Arbitrary<String> wrongTypes() {
    Arbitrary<String> wrongValue = Arbitraries.of("1", "true", "[]", "{}", "[\"a\"]", "{\"a\":1}", "1.5e300", "-0");
    Arbitrary<String> field = Arbitraries.of("room", "region");
    Arbitrary<String> typed = Combinators.combine(field, wrongValue).as((f, v) -> "{\"" + f + "\":" + v + "}");
    Arbitrary<String> deep = Arbitraries.integers().between(40, 5000).map(n -> "{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}");
    Arbitrary<String> notObject = Arbitraries.of("[]", "1", "\"room\"", "true", "[{\"room\":\"a\"}]");
    return Arbitraries.oneOf(typed, deep, notObject);
  }
}
