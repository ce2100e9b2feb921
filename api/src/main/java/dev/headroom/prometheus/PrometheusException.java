package dev.headroom.prometheus;

import java.util.Locale;

/**
 * A query that produced no usable answer. The message names the server (without credentials) and
 * the cause; {@link #reason()} classifies it for metrics.
 */
public final class PrometheusException extends Exception {
  /** Why a query failed; {@link #label()} is its metric label. */
  public enum Reason {
    /** No answer within the configured timeout. */
    TIMEOUT,
    /** The connection could not be made or broke. */
    UNREACHABLE,
    /** An HTTP status other than 200 without a Prometheus error body. */
    HTTP_STATUS,
    /** The body was not JSON, or not the shape the API documents. */
    MALFORMED,
    /** Prometheus answered {@code "status":"error"} (bad query, execution error, overload). */
    QUERY_ERROR;

    /** Lower-case name for a metric label, e.g. {@code http_status}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  PrometheusException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  PrometheusException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
