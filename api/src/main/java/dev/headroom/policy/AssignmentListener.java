package dev.headroom.policy;

import dev.headroom.fleet.Bridge;

/** Hears about every room handed out (the demo's simulated fleet uses it to add load). */
@FunctionalInterface
public interface AssignmentListener {
  /** Nobody listening. */
  AssignmentListener NONE = (room, bridge) -> {};

  /** Called once per room, on the request thread, after the choice; must not block. */
  void assigned(String room, Bridge bridge);
}
