package dev.headroom.policy;

/** No eligible bridge anywhere: every one is down, draining or at the maximum load. */
public final class NoCapacityException extends Exception {
  public NoCapacityException(String message) {
    super(message);
  }
}
