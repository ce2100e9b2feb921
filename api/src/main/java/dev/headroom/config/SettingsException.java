package dev.headroom.config;

/**
 * A configuration value that cannot be used. The message is one line that names the variable
 * (for example {@code HEADROOM_POLL_INTERVAL}) and says what is wrong; it never contains the value
 * of a secret.
 */
public final class SettingsException extends RuntimeException {
  private final String variable;

  SettingsException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
  }

  /** The environment variable the problem is about. */
  public String variable() {
    return variable;
  }
}
