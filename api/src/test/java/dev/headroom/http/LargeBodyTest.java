package dev.headroom.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.SettableFleet;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.time.ManualClock;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bodies of any size get the readable 400 over a real socket: the client, which writes its whole
 * body before reading, must never see a connection reset instead of the answer.
 */
class LargeBodyTest {
  private static final int TRIES = 30;

  @Test
  void a2MegabyteBodyGetsTheReadable400EveryTimeAndNeverAReset() throws Exception {
    ManualClock clock = new ManualClock();
    SettableFleet fleet = new SettableFleet(clock.instant().plusSeconds(30));
    fleet.set(clock.instant(), new Bridge("https://b1.example", "fr-par", 0.3, true, false));
    Javalin server =
        TestApps.app(Settings.load(Map.of("HEADROOM_RATE_LIMIT", "0"), List.of()), fleet, clock, AssignmentListener.NONE)
            .javalin()
            .start("127.0.0.1", 0);
    List<String> failures = new ArrayList<>();
    try {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      int size = 2 * 1024 * 1024;
      for (int i = 0; i < TRIES; i++) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          socket.setSoTimeout(20_000);
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST /assign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                      + size + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          for (int sent = 0; sent < size; sent += chunk.length) {
            out.write(chunk);
          }
          out.flush();
          String response = readAll(socket.getInputStream());
          if (!response.startsWith("HTTP/1.1 400 ") || !response.contains("\"error\":\"bad_request\"")
              || !response.contains("larger than 16 KiB")) {
            failures.add("try " + i + ": " + response);
          }
        } catch (IOException e) {
          failures.add("try " + i + ": " + e);
        }
      }
    } finally {
      server.stop();
    }
    assertEquals(List.of(), failures, failures.size() + " of " + TRIES + " tries without the readable 400");
  }

  /** The response up to the end of its body (Content-Length) or of the connection. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    int n;
    while ((n = in.read(b)) > 0) {
      buffer.write(b, 0, n);
      String text = buffer.toString(StandardCharsets.UTF_8);
      int head = text.indexOf("\r\n\r\n");
      if (head > 0) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, head));
        if (m.find() && buffer.size() >= head + 4 + Integer.parseInt(m.group(1))) {
          break;
        }
      }
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
