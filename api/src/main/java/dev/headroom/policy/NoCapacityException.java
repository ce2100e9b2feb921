package dev.headroom.policy;

/** No eligible bridge anywhere: every one is down, draining or at the maximum load. */
public final class NoCapacityException extends Exception {
  /** Why nothing is eligible, for a sentence a person understands. */
  public enum Why {
    /** At least one bridge is up and accepting, but all of those are at the maximum load. */
    BUSY,
    /** Every bridge that is up is draining. */
    DRAINING,
    /** No bridge is up (or none is known). */
    NONE_UP
  }

  private final Why why;

  public NoCapacityException(Why why) {
    super(switch (why) {
      case BUSY -> "Every bridge is at the maximum load.";
      case DRAINING -> "Every bridge that is up is draining.";
      case NONE_UP -> "No bridge is up.";
    });
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
