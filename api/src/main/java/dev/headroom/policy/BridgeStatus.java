package dev.headroom.policy;

import dev.headroom.fleet.Bridge;
import java.util.Locale;

/**
 * One bridge as the policy sees it now.
 *
 * @param bridge the bridge from the snapshot
 * @param estimatedLoad snapshot load plus the cost of the rooms handed out since
 * @param assignedSinceSnapshot rooms this replica handed to it since the snapshot's data was taken
 * @param state what the bridge can do
 */
public record BridgeStatus(Bridge bridge, double estimatedLoad, int assignedSinceSnapshot, State state) {
  /** Why a bridge can or cannot take new rooms. */
  public enum State {
    /** Eligible for new rooms. */
    OK,
    /** At or above the maximum load. */
    FULL,
    /** Asked for no new rooms. */
    DRAINING,
    /** Not healthy, or no load known. */
    DOWN;

    /** The contract's lower-case name. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
