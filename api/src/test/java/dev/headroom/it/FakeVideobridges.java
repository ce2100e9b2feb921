package dev.headroom.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jitsi Videobridge stand-ins served by the test at {@code /<name>/metrics}, with exactly the
 * names and types of JVB's own {@code /metrics} (docs/jvb-signals.md): gauges {@code
 * jitsi_jvb_stress}, {@code jitsi_jvb_conferences}, {@code jitsi_jvb_local_endpoints}, and the
 * booleans {@code jitsi_jvb_healthy}, {@code jitsi_jvb_drain_mode}, {@code
 * jitsi_jvb_graceful_shutdown}, {@code jitsi_jvb_shutting_down} as gauges of 0 or 1 (as
 * jitsi-utils' BooleanMetric exports them). Each bridge also serves node_exporter's {@code
 * node_cpu_seconds_total} for its number of CPUs, advancing in real time at its stress × 0.9 (JVB's
 * default CPU threshold), so the same targets serve both signal sets. Thread-safe.
 */
final class FakeVideobridges implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Jvb> bridges = new ConcurrentHashMap<>();

  FakeVideobridges() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String[] parts = exchange.getRequestURI().getPath().split("/");
          Jvb j = parts.length == 3 && parts[2].equals("metrics") ? bridges.get(parts[1]) : null;
          int status = j == null ? 404 : j.failing ? 500 : 200;
          byte[] body = (status == 200 ? j.render() : "not serving\n").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Adds or resets a bridge: this stress, healthy, not draining, serving. */
  Jvb set(String name, int cpus, double stress) {
    Jvb j = bridges.computeIfAbsent(name, n -> new Jvb(cpus));
    j.stress(stress);
    j.healthy = true;
    j.drainMode = false;
    j.gracefulShutdown = false;
    j.shuttingDown = false;
    j.failing = false;
    return j;
  }

  Jvb get(String name) {
    return bridges.get(name);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static final class Jvb {
    private final int cpus;
    private double stress;
    private double busySeconds;
    private double idleSeconds;
    private long lastNanos = System.nanoTime();
    volatile boolean healthy = true;
    volatile boolean drainMode;
    volatile boolean gracefulShutdown;
    volatile boolean shuttingDown;
    volatile boolean failing;

    Jvb(int cpus) {
      this.cpus = cpus;
    }

    synchronized void stress(double s) {
      advance();
      stress = s;
    }

    private void advance() {
      long now = System.nanoTime();
      double dt = (now - lastNanos) / 1e9;
      lastNanos = now;
      double busy = Math.min(1, stress * 0.9);
      busySeconds += dt * busy;
      idleSeconds += dt * (1 - busy);
    }

    synchronized String render() {
      advance();
      StringBuilder b = new StringBuilder();
      gauge(b, "jitsi_jvb_stress", "Current stress (between 0 and 1).", stress);
      gauge(b, "jitsi_jvb_healthy", "Whether the bridge is healthy.", healthy ? 1 : 0);
      gauge(b, "jitsi_jvb_drain_mode", "Whether the bridge is in drain shutdown mode.", drainMode ? 1 : 0);
      gauge(b, "jitsi_jvb_graceful_shutdown", "Whether the bridge is in graceful shutdown mode.", gracefulShutdown ? 1 : 0);
      gauge(b, "jitsi_jvb_shutting_down", "Whether the bridge is shutting down.", shuttingDown ? 1 : 0);
      gauge(b, "jitsi_jvb_conferences", "Current number of conferences.", Math.round(stress * 20));
      gauge(b, "jitsi_jvb_local_endpoints", "Number of local endpoints that exist currently.", Math.round(stress * 80));
      b.append("# TYPE node_cpu_seconds_total counter\n");
      for (int c = 0; c < cpus; c++) {
        b.append(String.format(Locale.ROOT, "node_cpu_seconds_total{cpu=\"%d\",mode=\"idle\"} %.3f%n", c, idleSeconds));
        b.append(String.format(Locale.ROOT, "node_cpu_seconds_total{cpu=\"%d\",mode=\"user\"} %.3f%n", c, busySeconds));
      }
      return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, double value) {
      b.append("# HELP ").append(name).append(' ').append(help).append('\n');
      b.append("# TYPE ").append(name).append(" gauge\n");
      b.append(name).append(' ').append(String.format(Locale.ROOT, "%.4f", value)).append('\n');
    }
  }
}
