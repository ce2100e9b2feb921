package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.Headroom;
import dev.headroom.LogCapture;
import dev.headroom.config.Settings;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus serving HTTPS with a self-signed certificate (made with openssl at test time)
 * and basic auth, polled by a real Headroom process that trusts the certificate through
 * HEADROOM_PROMETHEUS_CA and reads its password and admin token from files. The secrets never
 * show in {@code ps}, the logs, the metrics or any body.
 */
class TlsAndSecretFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PASSWORD = "pw-Zq8u2-never-print-me";
  // bcrypt of PASSWORD (cost 4), as Prometheus's web config wants it.
  private static final String PASSWORD_BCRYPT = "$2b$04$ob56hzODnxokJlDrQSYTr.gaGWMJ..PQUMZZKN2wmpyTNkWRT6OOS";
  private static final String TOKEN = "tok-7Hn3-never-print-me";

  private static Path dir;
  private static FakeBridges bridges;
  private static PrometheusProcess prometheus;

  @BeforeAll
  static void startTlsPrometheus() throws Exception {
    dir = Files.createTempDirectory("headroom-tls");
    Process openssl =
        new ProcessBuilder(
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("ca.pem").toString(),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    assertTrue(openssl.waitFor(60, TimeUnit.SECONDS), "openssl took over 60 s");
    assertEquals(0, openssl.exitValue(), Files.readString(dir.resolve("openssl.log")));
    bridges = new FakeBridges();
    bridges.set("b1", 0.3);
    bridges.set("b2", 0.4);
    Map<String, List<String>> targets = new LinkedHashMap<>();
    targets.put("b1", List.of("https://b1.meet.example", "fr-par"));
    targets.put("b2", List.of("https://b2.meet.example", "fr-par"));
    String web =
        "tls_server_config:\n  cert_file: " + dir.resolve("ca.pem") + "\n  key_file: " + dir.resolve("key.pem")
            + "\nbasic_auth_users:\n  headroom: '" + PASSWORD_BCRYPT + "'\n";
    prometheus = new PrometheusProcess(bridges.port(), targets, "1s", web);
    Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (bridges != null) {
      bridges.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static URI prometheusUrl() {
    return URI.create("https://127.0.0.1:" + prometheus.port);
  }

  @Test
  void aProcessWithSecretFilesPollsTheSelfSignedPrometheusAndNeverShowsTheSecrets() throws Exception {
    int port = PrometheusProcess.freePort();
    Path log = dir.resolve("headroom.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.headroom.Main",
                "serve",
                "--prometheus-password-file",
                dir.resolve("password").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("HEADROOM_"));
    env.put("HEADROOM_PROMETHEUS_URL", prometheusUrl().toString());
    env.put("HEADROOM_PROMETHEUS_USER", "headroom");
    env.put("HEADROOM_PROMETHEUS_CA", dir.resolve("ca.pem").toString());
    env.put("HEADROOM_ADMIN_TOKEN_FILE", dir.resolve("token").toString());
    env.put("HEADROOM_POLL_INTERVAL", "500ms");
    env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
    env.put("HEADROOM_PORT", Integer.toString(port));
    env.put("HEADROOM_BIND", "127.0.0.1");
    Process headroom = builder.start();
    List<String> readable = new ArrayList<>();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      JsonNode fleet =
          Await.until(
              "both bridges with fresh loads over TLS (log: " + log + ")",
              Duration.ofSeconds(60),
              () -> {
                if (!headroom.isAlive()) {
                  throw new AssertionError("headroom exited: " + Files.readString(log));
                }
                try {
                  return JSON.readTree(bridgesWith(base, "Bearer " + TOKEN).body());
                } catch (java.io.IOException e) {
                  return JSON.createObjectNode();
                }
              },
              f -> f.path("bridges").size() == 2
                  && f.path("bridges").findValuesAsText("loadSample").stream().allMatch("fresh"::equals));
      readable.add(fleet.toString());
      HttpResponse<String> refused = bridgesWith(base, "Bearer " + TOKEN + "x");
      assertEquals(401, refused.statusCode(), "the token from the file is the only one accepted");
      readable.add(refused.body());
      HttpResponse<String> assigned =
          HTTP.send(HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, assigned.statusCode(), assigned.body());
      readable.add(assigned.body());
      readable.add(HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
      Process ps = new ProcessBuilder("ps", "-ww", "-o", "args=", "-p", Long.toString(headroom.pid())).redirectErrorStream(true).start();
      String args = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(ps.waitFor(10, TimeUnit.SECONDS));
      assertTrue(args.contains("dev.headroom.Main serve"), "ps shows the process: " + args);
      readable.add(args);
      readable.add(Files.readString(Path.of("/proc", Long.toString(headroom.pid()), "environ")));
    } finally {
      headroom.destroy();
      if (!headroom.waitFor(15, TimeUnit.SECONDS)) {
        headroom.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String output = Files.readString(log);
    assertTrue(output.contains("Starting Headroom with"), output);
    readable.add(output);
    String basic = Base64.getEncoder().encodeToString(("headroom:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    for (String text : readable) {
      assertFalse(text.contains(PASSWORD), "password leaked: " + text);
      assertFalse(text.contains(basic), "basic credentials leaked: " + text);
      assertFalse(text.contains(TOKEN), "admin token leaked: " + text);
    }
  }

  @Test
  void aWrongPasswordIsLoggedAsOneToCheckAndAMissingCaAsATlsFailure() throws Exception {
    Path wrong = dir.resolve("wrong-password");
    Files.writeString(wrong, "not-the-password\n");
    Map<String, String> env = new HashMap<>();
    env.put("HEADROOM_PROMETHEUS_URL", prometheusUrl() + "/");
    env.put("HEADROOM_PROMETHEUS_USER", "headroom");
    env.put("HEADROOM_PROMETHEUS_PASSWORD_FILE", wrong.toString());
    env.put("HEADROOM_PROMETHEUS_CA", dir.resolve("ca.pem").toString());
    env.put("HEADROOM_POLL_INTERVAL", "300ms");
    env.put("HEADROOM_PORT", "0");
    env.put("HEADROOM_BIND", "127.0.0.1");
    try (LogCapture logs = new LogCapture()) {
      Settings settings = Settings.load(env, List.of());
      try (Headroom h = new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start()) {
        Await.until(
            "the 401 in the log",
            Duration.ofSeconds(30),
            logs::text,
            t -> t.contains("answered HTTP 401 (unauthorized): check HEADROOM_PROMETHEUS_USER / _PASSWORD"));
      }
      env.remove("HEADROOM_PROMETHEUS_CA");
      Settings noCa = Settings.load(env, List.of());
      try (Headroom h = new Headroom(noCa, PrometheusFleetSource.create(noCa), Clock.systemUTC(), AssignmentListener.NONE).start()) {
        Await.until(
            "the TLS failure in the log",
            Duration.ofSeconds(30),
            logs::text,
            t -> t.contains("Poll failed (unreachable)") && t.contains(prometheusUrl() + " could not be reached"));
      }
    }
  }

  private static HttpResponse<String> bridgesWith(URI base, String auth) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(base.resolve("/bridges")).header("Authorization", auth).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
