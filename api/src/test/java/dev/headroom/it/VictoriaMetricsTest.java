package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.Headroom;
import dev.headroom.config.Settings;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's VictoriaMetrics as the backend, with its defaults: it answers queries as of 30 s ago
 * ({@code -search.latencyOffset=30s}), so the data Headroom decides from is 30 s old, and the age
 * Headroom reports, measured on its own clock from the returned {@code timestamp(up)}, shows it.
 */
class VictoriaMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theSnapshotAgeShowsVictoriaMetricsThirtySecondLatencyOffsetAndDegradedFollowsIt() throws Exception {
    Path binary = Path.of("/usr/bin/victoria-metrics");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: apt-get install -y victoria-metrics");
    }
    Path dir = Files.createTempDirectory("headroom-vm");
    Process vm = null;
    try (FakeBridges bridges = new FakeBridges()) {
      bridges.set("b1", 0.3);
      bridges.set("b2", 0.4);
      StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
      for (String name : List.of("b1", "b2")) {
        config
            .append("  - job_name: ").append(name)
            .append("\n    metrics_path: /").append(name)
            .append("/metrics\n    static_configs:\n      - targets: ['127.0.0.1:").append(bridges.port())
            .append("']\n        labels: {bridge_url: 'https://").append(name).append(".meet.example', region: 'fr-par'}\n");
      }
      Files.writeString(dir.resolve("scrape.yml"), config);
      int port = PrometheusProcess.freePort();
      vm =
          new ProcessBuilder(
                  binary.toString(),
                  "-httpListenAddr=127.0.0.1:" + port,
                  "-storageDataPath=" + dir.resolve("data"),
                  "-promscrape.config=" + dir.resolve("scrape.yml"),
                  "-loggerLevel=ERROR")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("vm.log").toFile())
              .start();
      URI vmUrl = URI.create("http://127.0.0.1:" + port);
      Process running = vm;
      Await.until("VictoriaMetrics to listen", Duration.ofSeconds(30), () -> healthy(running, vmUrl, dir), ok -> ok);

      Map<String, String> env = new HashMap<>();
      env.put("HEADROOM_PROMETHEUS_URL", vmUrl.toString());
      env.put("HEADROOM_POLL_INTERVAL", "1s");
      env.put("HEADROOM_MAX_STALENESS", "20s");
      env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
      env.put("HEADROOM_PORT", "0");
      env.put("HEADROOM_BIND", "127.0.0.1");
      env.put("HEADROOM_RATE_LIMIT", "0");
      Settings settings = Settings.load(env, List.of());
      try (Headroom headroom =
          new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start()) {
        URI base = URI.create("http://127.0.0.1:" + headroom.port());
        // Nothing is visible before the data is 30 s old, then the first snapshot is about that.
        JsonNode answer =
            Await.until(
                "an answer from VictoriaMetrics' data",
                Duration.ofSeconds(90),
                () -> post(base),
                a -> a.path("bridge").isTextual());
        double age = answer.path("snapshotAgeSeconds").asDouble();
        assertTrue(age >= 27 && age <= 40, "about 30 s old: " + answer);
        assertTrue(answer.path("degraded").asBoolean(), "older than HEADROOM_MAX_STALENESS (20s): " + answer);
        JsonNode fleet =
            Await.until(
                "both bridges",
                Duration.ofSeconds(20),
                () -> JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve("/bridges")).build(), HttpResponse.BodyHandlers.ofString()).body()),
                f -> f.path("bridges").size() == 2);
        double fleetAge = fleet.path("snapshotAgeSeconds").asDouble();
        assertTrue(fleetAge >= 27 && fleetAge <= 40, fleet.toString());
      }
    } finally {
      if (vm != null) {
        vm.destroy();
        if (!vm.waitFor(10, TimeUnit.SECONDS)) {
          vm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean healthy(Process vm, URI url, Path dir) throws IOException, InterruptedException {
    if (!vm.isAlive()) {
      throw new IllegalStateException("victoria-metrics exited: " + Files.readString(dir.resolve("vm.log")));
    }
    try {
      return HTTP.send(HttpRequest.newBuilder(url.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static JsonNode post(URI base) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }
}
