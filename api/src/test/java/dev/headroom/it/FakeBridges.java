package dev.headroom.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * node_exporter stand-ins served by the test: each bridge has a path {@code /<name>/metrics}
 * exposing {@code node_cpu_seconds_total} counters that advance in real time at the bridge's busy
 * fraction, and {@code headroom_bridge_draining}. A bridge can also be told to fail its scrapes.
 */
final class FakeBridges implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, State> bridges = new ConcurrentHashMap<>();

  FakeBridges() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String[] parts = exchange.getRequestURI().getPath().split("/");
          State s = parts.length == 3 && parts[2].equals("metrics") ? bridges.get(parts[1]) : null;
          byte[] body;
          int status;
          if (s == null) {
            status = 404;
            body = "no such bridge\n".getBytes(StandardCharsets.UTF_8);
          } else if (s.failing) {
            status = 500;
            body = "exporter broken\n".getBytes(StandardCharsets.UTF_8);
          } else {
            status = 200;
            body = s.render().getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
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

  /** Adds (or resets) a bridge at the given busy fraction, healthy and not draining. */
  void set(String name, double busy) {
    bridges.computeIfAbsent(name, n -> new State()).busy(busy);
    State s = bridges.get(name);
    s.failing = false;
    s.draining = false;
  }

  void draining(String name, boolean draining) {
    bridges.get(name).draining = draining;
  }

  void failing(String name, boolean failing) {
    bridges.get(name).failing = failing;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static final class State {
    private double busy;
    private double idleSeconds;
    private double busySeconds;
    private long lastNanos = System.nanoTime();
    volatile boolean draining;
    volatile boolean failing;

    synchronized void busy(double fraction) {
      advance();
      busy = fraction;
    }

    private void advance() {
      long now = System.nanoTime();
      double dt = (now - lastNanos) / 1e9;
      lastNanos = now;
      idleSeconds += dt * (1 - busy);
      busySeconds += dt * busy;
    }

    synchronized String render() {
      advance();
      return "# TYPE node_cpu_seconds_total counter\n"
          + "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} " + idleSeconds + "\n"
          + "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} " + busySeconds + "\n"
          + "# TYPE headroom_bridge_draining gauge\n"
          + "headroom_bridge_draining " + (draining ? 1 : 0) + "\n";
    }
  }
}
