package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on a real process: /readyz turns 503 at once, requests keep being answered for the
 * whole HEADROOM_SHUTDOWN_DELAY while the load balancer notices, then the listener closes and the
 * process exits 0 (so systemd records a clean stop, not a failed unit).
 */
class ShutdownTest {
  /** --shutdown-delay given to the process: how long it keeps serving after SIGTERM. */
  private static final long DELAY_MS = 2000;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @Test
  void sigtermTurnsReadyzTo503KeepsServingForTheShutdownDelayThenClosesAndExitsZero() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("headroom-shutdown", ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.headroom.Main",
                "demo",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--rate-limit",
                "0",
                "--shutdown-delay",
                DELAY_MS + "ms")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (status(base, "/readyz") != 200) {
        assertTrue(System.nanoTime() < deadline, "never ready: " + Files.readString(log));
        Thread.sleep(100);
      }
      assertEquals(200, assign(base));

      long termAt = System.nanoTime();
      process.destroy(); // SIGTERM
      while (status(base, "/readyz") != 503) {
        assertTrue(System.nanoTime() - termAt < TimeUnit.SECONDS.toNanos(1), "readyz did not turn 503 at once");
        Thread.sleep(20);
      }
      // Through most of the delay: still not ready, every request still answered.
      int answered = 0;
      while (System.nanoTime() - termAt < TimeUnit.MILLISECONDS.toNanos(DELAY_MS * 3 / 4)) {
        assertEquals(200, assign(base), "requests are still answered while draining");
        assertEquals(503, status(base, "/readyz"), "/readyz stays 503 during the delay");
        answered++;
        Thread.sleep(50);
      }
      assertTrue(answered >= 5, "only " + answered + " requests during the delay");
      // A request still in flight when the server stops (its body arrives after the drain
      // period) gets a whole answer telling the client to retry, not a reset connection.
      try (java.net.Socket slow = new java.net.Socket("127.0.0.1", port)) {
        java.io.OutputStream out = slow.getOutputStream();
        out.write(("POST /assign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        while (System.nanoTime() - termAt < TimeUnit.MILLISECONDS.toNanos(DELAY_MS + 1000)) {
          Thread.sleep(50);
        }
        out.write('}');
        out.flush();
        slow.setSoTimeout(5000);
        String response = new String(slow.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 503"), "the in-flight request was answered: " + response);
        assertTrue(response.contains("Retry-After: 1"), response);
        assertTrue(response.contains("\"error\":\"unavailable\""), response);
      }
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - termAt);
      assertTrue(took >= DELAY_MS, "stopped after " + took + " ms, before the " + DELAY_MS + " ms delay");
      assertTrue(took < DELAY_MS + 8_000, took + " ms");
      assertEquals(-1, status(base, "/healthz"), "the listener is closed after the process stops");
      String output = Files.readString(log);
      assertTrue(output.contains("Shutting down"), output);
      assertTrue(output.contains("Stopped"), output);
      assertEquals(0, process.exitValue(), "exit status after SIGTERM (143 makes systemd mark the unit failed)");
    } finally {
      process.destroyForcibly();
      new File(log.toString()).delete();
    }
  }

  private static int status(URI base, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int assign(URI base) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(base.resolve("/assign")).timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
