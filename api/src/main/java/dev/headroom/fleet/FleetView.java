package dev.headroom.fleet;

import java.time.Instant;
import java.util.Optional;

/** Read access to the newest snapshot; implementations are thread-safe. */
public interface FleetView {
  /** The newest successful snapshot, or empty before the first one. */
  Optional<FleetSnapshot> current();

  /** When the next poll is due; used to tell clients when to try again. */
  Instant nextPollAt();
}
