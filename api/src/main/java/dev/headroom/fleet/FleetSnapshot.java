package dev.headroom.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every bridge known at one moment. Immutable and thread-safe; bridges are ordered by URL.
 */
public final class FleetSnapshot {
  private final Instant takenAt;
  private final List<Bridge> bridges;
  private final Map<String, Bridge> byUrl;
  private final SortedSet<String> regions;

  /**
   * @param takenAt when the data behind this snapshot was taken, on Headroom's own clock: the
   *     oldest bridge's scrape time when the source knows it, else the start of the poll; rooms
   *     handed out after it are not yet visible in any load
   * @param bridges the bridges, at most one per URL
   * @throws IllegalArgumentException when two bridges share a URL
   */
  public FleetSnapshot(Instant takenAt, List<Bridge> bridges) {
    this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
    Map<String, Bridge> map = new HashMap<>();
    SortedSet<String> names = new TreeSet<>();
    for (Bridge b : bridges) {
      if (map.putIfAbsent(b.url(), b) != null) {
        throw new IllegalArgumentException("two bridges with the URL " + b.url());
      }
      if (!b.region().isEmpty()) {
        names.add(b.region());
      }
    }
    List<Bridge> sorted = new ArrayList<>(bridges);
    sorted.sort(Comparator.comparing(Bridge::url));
    this.bridges = Collections.unmodifiableList(sorted);
    this.byUrl = Collections.unmodifiableMap(map);
    this.regions = Collections.unmodifiableSortedSet(names);
  }

  /** When the data behind this snapshot was taken. */
  public Instant takenAt() {
    return takenAt;
  }

  /** The bridges, ordered by URL. */
  public List<Bridge> bridges() {
    return bridges;
  }

  /** The bridge with this URL, if it is in the snapshot. */
  public Optional<Bridge> bridge(String url) {
    return Optional.ofNullable(byUrl.get(url));
  }

  /** Every non-empty region name any bridge carries, sorted. */
  public SortedSet<String> regions() {
    return regions;
  }

  @Override
  public String toString() {
    return "FleetSnapshot[takenAt=" + takenAt + ", bridges=" + bridges.size() + "]";
  }
}
