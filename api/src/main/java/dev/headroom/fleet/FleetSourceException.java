package dev.headroom.fleet;

/**
 * A poll that produced no snapshot. {@link #reason()} is a short metric label such as {@code
 * timeout} or {@code query_error}; the message is a sentence for the log.
 */
public final class FleetSourceException extends Exception {
  private final String reason;

  public FleetSourceException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
