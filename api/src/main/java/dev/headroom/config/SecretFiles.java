package dev.headroom.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code *_FILE} forms of secrets ({@code HEADROOM_PROMETHEUS_PASSWORD_FILE}, {@code
 * HEADROOM_ADMIN_TOKEN_FILE}): the secret is read from a file, so it shows neither in {@code ps}
 * nor in the process environment. Trailing line breaks are dropped (editors and {@code echo} add
 * one); setting both the variable and its file form is an error. Stateless and thread-safe.
 */
final class SecretFiles {
  /** A secret file larger than this is surely the wrong file. */
  private static final long MAX_BYTES = 64 * 1024;

  private SecretFiles() {}

  /**
   * The secret from {@code raw.get(variable)} or from the file {@code raw.get(variable + "_FILE")}.
   *
   * @throws SettingsException when both are set, or the file cannot be read or is empty
   */
  static Secret resolve(Map<String, String> raw, String variable) {
    String plain = raw.get(variable);
    String file = raw.get(variable + "_FILE");
    boolean hasPlain = plain != null && !plain.isBlank();
    if (file == null || file.isBlank()) {
      return Secret.ofNullable(plain);
    }
    String fileVariable = variable + "_FILE";
    if (hasPlain) {
      throw new SettingsException(fileVariable, "conflicts with " + variable + "; set only one of them");
    }
    Path path = Path.of(file.trim());
    String text;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new SettingsException(fileVariable, "names " + path + ", which is larger than 64 KiB");
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SettingsException(fileVariable, "cannot read " + path + " (" + reason(e) + ")");
    }
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    Secret secret = Secret.ofNullable(text.substring(0, end));
    if (secret == null) {
      throw new SettingsException(fileVariable, "names " + path + ", which is empty");
    }
    return secret;
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException || e.getCause() instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getClass().getSimpleName();
  }
}
