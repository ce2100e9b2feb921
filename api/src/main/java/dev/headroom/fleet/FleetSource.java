package dev.headroom.fleet;

import java.time.Instant;

/**
 * Where snapshots come from. {@link Poller} calls {@link #fetch} from a single thread, never twice
 * at once, so implementations need not be thread-safe against themselves.
 */
public interface FleetSource {
  /**
   * Reads the whole fleet now.
   *
   * @param now the time the poll started, to be used as {@link FleetSnapshot#takenAt()}
   * @throws FleetSourceException when no trustworthy snapshot can be built; the caller keeps the
   *     previous one
   */
  FleetSnapshot fetch(Instant now) throws FleetSourceException;
}
