package dev.headroom.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a free loopback port, scraping the
 * given targets every second. One per test class: it needs a few seconds before rate() has data.
 */
final class PrometheusProcess implements AutoCloseable {
  private Process process;
  private final Path dir;
  private final Path binary;
  private final String webConfig;
  final int port;

  /** @param targets bridge name → (bridge_url, region) labels, scraped at /name/metrics */
  PrometheusProcess(int exporterPort, Map<String, List<String>> targets) throws Exception {
    this(exporterPort, targets, "1s");
  }

  /** @param scrapeInterval Prometheus's scrape_interval, e.g. {@code 3s} */
  PrometheusProcess(int exporterPort, Map<String, List<String>> targets, String scrapeInterval) throws Exception {
    this(exporterPort, targets, scrapeInterval, null);
  }

  /**
   * @param webConfig the text of a {@code --web.config.file} (TLS, basic auth), or {@code null};
   *     with one, readiness is only checked by the port accepting connections
   */
  PrometheusProcess(int exporterPort, Map<String, List<String>> targets, String scrapeInterval, String webConfig)
      throws Exception {
    this(exporterPort, targets, scrapeInterval, webConfig, freePort(), List.of());
  }

  /**
   * As above, on a given port, also scraping Headroom replicas' {@code /metrics} (job {@code
   * headroom}) at the given {@code host:port} addresses.
   */
  PrometheusProcess(int exporterPort, Map<String, List<String>> targets, int port, List<String> headroomTargets)
      throws Exception {
    this(exporterPort, targets, "1s", null, port, headroomTargets);
  }

  private PrometheusProcess(
      int exporterPort,
      Map<String, List<String>> targets,
      String scrapeInterval,
      String webConfig,
      int port,
      List<String> headroomTargets)
      throws Exception {
    this.webConfig = webConfig;
    binary = Path.of(System.getProperty("headroom.prometheus", "/usr/bin/prometheus"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: install Debian's prometheus package (apt-get install -y prometheus)");
    }
    dir = Files.createTempDirectory("headroom-prometheus");
    StringBuilder config =
        new StringBuilder("global:\n  scrape_interval: " + scrapeInterval + "\n  scrape_timeout: 900ms\nscrape_configs:\n");
    targets.forEach(
        (name, labels) ->
            config
                .append("  - job_name: ")
                .append(name)
                .append("\n    metrics_path: /")
                .append(name)
                .append("/metrics\n    static_configs:\n      - targets: ['127.0.0.1:")
                .append(exporterPort)
                .append("']\n        labels:\n          bridge_url: '")
                .append(labels.get(0))
                .append("'\n          region: '")
                .append(labels.get(1))
                .append("'\n"));
    if (!headroomTargets.isEmpty()) {
      config.append("  - job_name: headroom\n    static_configs:\n      - targets: [");
      config.append(String.join(", ", headroomTargets.stream().map(t -> "'" + t + "'").toList()));
      config.append("]\n");
    }
    Files.writeString(dir.resolve("prometheus.yml"), config);
    if (webConfig != null) {
      Files.writeString(dir.resolve("web.yml"), webConfig);
    }
    this.port = port;
    start();
  }

  /** Starts Prometheus (again) on the same port and data directory, and waits until it is ready. */
  void start() throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
    if (webConfig != null) {
      command.add("--web.config.file=" + dir.resolve("web.yml"));
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
            .start();
    awaitReady();
  }

  /** Stops Prometheus, keeping its data for {@link #start()}. */
  void stop() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Deletes the stopped Prometheus's database: the next {@link #start()} begins empty. */
  void wipeData() throws IOException {
    Path data = dir.resolve("data");
    if (Files.exists(data)) {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      if (webConfig != null) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
          return;
        } catch (IOException e) {
          TimeUnit.MILLISECONDS.sleep(100);
          continue;
        }
      }
      try {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(url().resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("prometheus did not become ready within 30 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
