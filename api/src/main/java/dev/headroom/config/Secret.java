package dev.headroom.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password or token. {@link #toString()} never shows the value, so a secret that ends up in a
 * log line, an exception message or a JSON body by accident shows as {@code ****}. Immutable and
 * thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps {@code value}; {@code null} or blank gives {@code null} (no secret configured). */
  public static Secret ofNullable(String value) {
    return value == null || value.isBlank() ? null : new Secret(value);
  }

  /** The secret itself: call only where it is sent, never where it is logged. */
  public String reveal() {
    return value;
  }

  /**
   * Compares {@code candidate} with this secret in time that depends only on their lengths, not
   * on where they first differ.
   */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "****";
  }
}
