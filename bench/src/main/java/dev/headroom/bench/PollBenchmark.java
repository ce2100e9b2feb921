package dev.headroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetSourceException;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.prometheus.PrometheusClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole poll of a 10,000-bridge fleet: three queries over loopback HTTP, each answered with a
 * recorded 10,000-series vector in Prometheus's exact format, parsed and merged into a snapshot.
 * The fork runs with {@code -Xmx256m} to show it fits. Baseline: Jackson alone reading the same
 * three bodies into trees (no HTTP, no merge).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class PollBenchmark {
  static final int SERIES = 10_000;

  private HttpServer server;
  private PrometheusClient client;
  private PrometheusFleetSource source;
  private byte[] vector;
  private byte[] drain;
  private final ObjectMapper json = new ObjectMapper();

  /** A vector answer like Prometheus writes it for the default load or health query. */
  static byte[] recorded(boolean health, int series) {
    SplittableRandom r = new SplittableRandom(1);
    StringBuilder b = new StringBuilder(series * 120);
    b.append("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < series; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"metric\":{\"bridge_url\":\"https://b").append(i).append(".meet.example\",\"region\":\"region-")
          .append(i % 8).append("\"},\"value\":[1764064800.123,\"")
          .append(health ? "1" : String.format(Locale.ROOT, "%.17f", r.nextDouble())).append("\"]}");
    }
    b.append("]}}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Setup
  public void setUp() throws IOException {
    vector = recorded(false, SERIES);
    byte[] health = recorded(true, SERIES);
    drain = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}".getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/query",
        ex -> {
          String q = ex.getRequestURI().getQuery();
          byte[] body = q.contains("load") ? vector : q.contains("health") ? health : drain;
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(3));
    server.start();
    client =
        PrometheusClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
            .timeout(Duration.ofSeconds(10))
            .build();
    source = new PrometheusFleetSource(client, "load", "health", "drain", "bridge_url", "region");
  }

  @TearDown
  public void tearDown() {
    client.close();
    server.stop(0);
  }

  @Benchmark
  public FleetSnapshot pollOf10000Bridges() throws FleetSourceException {
    return source.fetch(Instant.EPOCH);
  }

  @Benchmark
  public JsonNode[] baselineJacksonReadTree() throws IOException {
    return new JsonNode[] {json.readTree(vector), json.readTree(vector), json.readTree(drain)};
  }
}
