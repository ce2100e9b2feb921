package dev.headroom.fleet;

import java.util.Objects;

/**
 * One video bridge as seen by one poll.
 *
 * @param url public https base URL, without a trailing slash; the bridge's identity
 * @param region region name, or the empty string when the bridge has none
 * @param load busy fraction 0..1 from the load query; {@code NaN} when the poll had no load sample
 * @param healthy whether the health query reported the bridge up
 * @param draining whether the bridge asked for no new rooms
 * @param size the bridge's size from the capacity query (CPUs by default), finite and above 0;
 *     {@code NaN} when unknown, which the policy treats as the fleet's median size
 */
public record Bridge(
    String url, String region, double load, boolean healthy, boolean draining, double size) {
  public Bridge {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(region, "region");
    if (!(size > 0) || Double.isInfinite(size)) {
      size = Double.NaN;
    }
  }

  /** A bridge of unknown size (no capacity query, or no series for it). */
  public Bridge(String url, String region, double load, boolean healthy, boolean draining) {
    this(url, region, load, healthy, draining, Double.NaN);
  }

  /** Whether the capacity query gave this bridge a size. */
  public boolean sized() {
    return !Double.isNaN(size);
  }

  /** Healthy and with a known, finite load: the only bridges that can take rooms. */
  public boolean up() {
    return healthy && Double.isFinite(load);
  }
}
