package dev.headroom.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Refuses a request body without cutting the client off, the way nginx does past {@code
 * client_max_body_size}: the answer is written and flushed first, then the rest of the body is
 * read and thrown away for a bounded time and number of bytes ("lingering close"), and only then
 * is the connection closed. Closing while the client is still sending makes the kernel answer
 * with a reset, which can destroy the answer before the client has read it.
 *
 * <p>A client sending more than {@link #MAX_BYTES} or for longer than {@link #MAX_TIME} is cut
 * off after that; the time is checked between reads, and a single stalled read ends at the
 * server's idle timeout. Stateless and thread-safe.
 */
final class LingeringClose {
  /** At most this much of a refused body is read and discarded. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  /** For at most about this long. */
  static final Duration MAX_TIME = Duration.ofSeconds(5);

  private LingeringClose() {}

  /**
   * Writes {@code status} with the JSON {@code body} and {@code Connection: close}, flushes it, then
   * discards what is left of the request body within the bounds. Never throws: a client that goes
   * away has its answer already.
   */
  static void answerThenDiscard(Context ctx, int status, byte[] body, InputStream in) {
    try {
      ctx.res().setStatus(status);
      ctx.res().setContentType("application/json");
      ctx.res().setHeader("Connection", "close");
      ctx.res().setContentLength(body.length);
      ctx.res().getOutputStream().write(body);
      ctx.res().flushBuffer();
    } catch (IOException e) {
      return;
    }
    long deadline = System.nanoTime() + MAX_TIME.toNanos();
    long discarded = 0;
    byte[] sink = new byte[16 * 1024];
    try {
      int n;
      while (discarded < MAX_BYTES && System.nanoTime() < deadline && (n = in.read(sink)) >= 0) {
        discarded += n;
      }
    } catch (IOException e) {
      // the client stopped sending or went away: nothing left to protect
    }
  }
}
