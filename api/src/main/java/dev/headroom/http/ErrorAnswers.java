package dev.headroom.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes refusals: JSON {@code {"error": code, "message": sentence}} for the API, a small HTML
 * page with the same sentence for a person who followed a link. Neither ever throws (Javalin runs
 * the exception handler again for anything an exception handler throws), and neither carries a
 * stack trace or internal detail. Stateless, thread-safe.
 */
final class ErrorAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

  private ErrorAnswers() {}

  /** The JSON answer for an {@link ApiError}. */
  static void json(ApiError e, Context ctx) {
    json(ctx, e.status, e.code, e.getMessage(), e.retryAfterSeconds);
  }

  /** A JSON error body; {@code retryAfter <= 0} means no Retry-After. */
  static void json(Context ctx, int status, String code, String message, long retryAfter) {
    if (ctx.res().isCommitted()) {
      return; // answered already (LingeringClose)
    }
    try {
      if (retryAfter > 0) {
        ctx.header("Retry-After", Long.toString(retryAfter));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", code);
      body.put("message", message);
      if (retryAfter > 0) {
        body.put("retryAfterSeconds", retryAfter);
      }
      ctx.status(status).json(body);
    } catch (Throwable t) {
      failed(ctx, status, code, t);
    }
  }

  /**
   * The HTML answer for an {@link ApiError}: a page with a heading, the sentence and a link to the
   * room page, for a person who clicked a link rather than a script.
   */
  static void html(ApiError e, Context ctx) {
    try {
      if (e.retryAfterSeconds > 0) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
      }
      String title =
          switch (e.status) {
            case 400 -> "This meeting link is not valid";
            case 429 -> "Too many meetings started";
            case 503 -> "No room right now";
            default -> "This meeting could not be opened";
          };
      String retry =
          e.retryAfterSeconds > 0
              ? "<p><a href=\"" + escape(ctx.path()) + "\">Try this link again</a></p>\n"
              : "";
      String page =
          "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              + "<meta name=\"color-scheme\" content=\"light dark\">\n"
              + "<title>" + title + " · Headroom</title>\n"
              + "<link rel=\"stylesheet\" href=\"/css/headroom.css\">\n</head>\n<body>\n"
              + "<main id=\"main\" class=\"narrow\">\n<h1>" + title + "</h1>\n"
              + "<p data-testid=\"error\" class=\"notice\">" + escape(e.getMessage()) + "</p>\n"
              + retry
              + "<p><a href=\"/\">Start a meeting</a></p>\n</main>\n</body>\n</html>\n";
      ctx.status(e.status)
          .header("Cache-Control", "no-store")
          .contentType("text/html; charset=utf-8")
          .result(page);
    } catch (Throwable t) {
      failed(ctx, e.status, e.code, t);
    }
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void failed(Context ctx, int status, String code, Throwable t) {
    try {
      ctx.res().setStatus(status);
    } catch (Throwable ignored) {
      // the response is gone; nothing more can be said to this client
    }
    LOG.warn("Could not write the {} error for {}: {}", code, ctx.path(), t.toString());
  }
}
