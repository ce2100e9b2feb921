package dev.headroom.http;

/**
 * A refusal in the contract's shape: HTTP status, error code and a sentence for a person, plus
 * an optional Retry-After in seconds. Thrown by handlers and turned into JSON in one place.
 */
final class ApiError extends RuntimeException {
  final int status;
  final String code;
  final long retryAfterSeconds;

  ApiError(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  ApiError(int status, String code, String message) {
    this(status, code, message, -1);
  }
}
