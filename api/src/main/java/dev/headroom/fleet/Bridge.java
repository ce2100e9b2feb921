package dev.headroom.fleet;

import java.util.Locale;
import java.util.Objects;

/**
 * One video bridge as seen by one poll.
 *
 * @param url public https base URL, without a trailing slash; the bridge's identity
 * @param region region name, or the empty string when the bridge has none
 * @param load busy fraction 0..1 from the load query; {@code NaN} when no load is known
 * @param healthy whether the health query reported the bridge up
 * @param draining whether the bridge asked for no new rooms
 * @param size the bridge's size from the capacity query (CPUs by default), finite and above 0;
 *     {@code NaN} when unknown, which the policy treats as the fleet's median size
 * @param loadSample where {@code load} comes from: this poll, an earlier one, or nowhere
 */
public record Bridge(
    String url,
    String region,
    double load,
    boolean healthy,
    boolean draining,
    double size,
    LoadSample loadSample) {

  /** Where a bridge's load comes from. */
  public enum LoadSample {
    /** The load query returned it in this poll. */
    FRESH,
    /**
     * This poll had no sample for a healthy bridge (no {@code rate()} yet after a Prometheus
     * restart, or a scrape interval too long for the rate window): the last known load is kept.
     */
    STALE,
    /** No load is known at all, now or before. */
    NONE;

    /** The lower-case name {@code /bridges} shows. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Bridge {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(loadSample, "loadSample");
    if (!(size > 0) || Double.isInfinite(size)) {
      size = Double.NaN;
    }
  }

  /** A bridge of the given size whose load, when known, comes from this poll. */
  public Bridge(String url, String region, double load, boolean healthy, boolean draining, double size) {
    this(url, region, load, healthy, draining, size, sampleOf(load));
  }

  /** A bridge of unknown size with the given kind of load sample. */
  public Bridge(
      String url, String region, double load, boolean healthy, boolean draining, LoadSample loadSample) {
    this(url, region, load, healthy, draining, Double.NaN, loadSample);
  }

  /** A bridge of unknown size whose load, when known, comes from this poll. */
  public Bridge(String url, String region, double load, boolean healthy, boolean draining) {
    this(url, region, load, healthy, draining, Double.NaN, sampleOf(load));
  }

  private static LoadSample sampleOf(double load) {
    return Double.isFinite(load) ? LoadSample.FRESH : LoadSample.NONE;
  }

  /** Whether the capacity query gave this bridge a size. */
  public boolean sized() {
    return !Double.isNaN(size);
  }

  /** Healthy and with a known, finite load: the only bridges that can take rooms. */
  public boolean up() {
    return healthy && Double.isFinite(load);
  }

  /**
   * Healthy, but no load is known: such a bridge is not down, yet it gets rooms only while no
   * bridge with a known load can take them.
   */
  public boolean loadUnknown() {
    return healthy && !Double.isFinite(load);
  }

  /** The same bridge with {@code assumed} as its load and its sample kind kept. */
  public Bridge withAssumedLoad(double assumed) {
    return new Bridge(url, region, assumed, healthy, draining, size, loadSample);
  }

  /** The same bridge (size, drain) with a load carried over from elsewhere, of kind {@code sample}. */
  public Bridge withLoad(double load, LoadSample sample) {
    return new Bridge(url, region, load, healthy, draining, size, sample);
  }
}
