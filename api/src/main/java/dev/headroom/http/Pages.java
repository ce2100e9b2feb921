package dev.headroom.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves the HTML pages that live under a path of their own ({@code /fleet}) from the classpath;
 * everything else under {@code /web} is served by Javalin's static files. Stateless, thread-safe.
 */
final class Pages {
  private Pages() {}

  /** Answers with the classpath resource {@code resource} as HTML, 404 when it is missing. */
  static void page(Context ctx, String resource) throws IOException {
    try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ApiError(404, "not_found", "There is nothing at " + ctx.path() + ".");
      }
      ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(in.readAllBytes());
    }
  }
}
