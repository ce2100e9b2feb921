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
  private final double medianSize;

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
    this.medianSize = median(bridges);
  }

  /**
   * The median of the known bridge sizes ({@link Bridge#size()}), or {@code NaN} when no bridge
   * has one. A room costs {@code roomCost × medianSize ÷ size}: a bridge of the median size (or of
   * unknown size) pays the configured cost, one twice as large half of it.
   */
  public double medianSize() {
    return medianSize;
  }

  /** The factor this bridge's room cost is multiplied by: median size ÷ its size, 1 when unknown. */
  public double costFactor(Bridge b) {
    return b.sized() && !Double.isNaN(medianSize) ? medianSize / b.size() : 1.0;
  }

  private static double median(List<Bridge> bridges) {
    double[] sizes = bridges.stream().filter(Bridge::sized).mapToDouble(Bridge::size).sorted().toArray();
    if (sizes.length == 0) {
      return Double.NaN;
    }
    int mid = sizes.length / 2;
    return sizes.length % 2 == 1 ? sizes[mid] : (sizes[mid - 1] + sizes[mid]) / 2;
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
