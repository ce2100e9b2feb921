package dev.headroom.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is simulated. Immutable.
 *
 * @param bridges number of bridges, each of capacity 1.0
 * @param hours simulated time
 * @param roomsPerSecond Poisson arrival rate between bursts
 * @param burstRooms rooms in each burst (0 for none)
 * @param burstSeconds how long each burst lasts
 * @param burstEverySeconds time between bursts (the first one after one period)
 * @param roomLoadMin smallest load one room puts on a bridge
 * @param roomLoadMax largest load one room puts on a bridge
 * @param meanDurationSeconds mean room duration (log-normal, sigma 1: long-tailed)
 * @param scrapeSeconds Prometheus scrape interval
 * @param windowSeconds the rate() window the load query uses
 * @param pollSeconds Headroom's poll interval
 * @param replicas independent replicas behind a round-robin load balancer
 * @param maxLoad no new rooms at or above this load
 * @param roomCost Headroom's assumed cost of a new room
 * @param seed seed for the workload and every strategy
 * @param sizes bridge sizes (CPUs) in groups; empty: every bridge the same size. When given, the
 *     groups' counts add up to {@code bridges}, and a room's load (its share of a bridge of the
 *     median size) is scaled by median ÷ size on each bridge
 * @param signal what the load metric reports: CPU as a rate over the window, or JVB's stress
 */
public record Scenario(
    int bridges,
    double hours,
    double roomsPerSecond,
    int burstRooms,
    double burstSeconds,
    double burstEverySeconds,
    double roomLoadMin,
    double roomLoadMax,
    double meanDurationSeconds,
    double scrapeSeconds,
    double windowSeconds,
    double pollSeconds,
    int replicas,
    double maxLoad,
    double roomCost,
    long seed,
    java.util.List<SizeGroup> sizes,
    Signal signal) {

  /** {@code count} bridges of {@code size} CPUs. */
  public record SizeGroup(double size, int count) {}

  /** The load signal the replicas poll. */
  public enum Signal {
    /** node_exporter CPU: every scrape reports the mean true load over the rate window. */
    CPU,
    /**
     * Jitsi Videobridge's stress: every {@value #JVB_SAMPLE_SECONDS} s the bridge samples its mean
     * CPU over the last {@value #JVB_SAMPLE_SECONDS} s, and a scrape reports the latest sample. It
     * lags the true load by up to two samples plus the scrape. (Stress is CPU ÷ 0.9; the
     * simulator keeps CPU units so that the max load means the same for both signals.)
     */
    JVB;

    /** How often a videobridge samples its CPU (jitsi-videobridge JvbLoadManager). */
    public static final int JVB_SAMPLE_SECONDS = 10;
  }

  public Scenario {
    sizes = java.util.List.copyOf(sizes);
    java.util.Objects.requireNonNull(signal, "signal");
  }

  /** Equal sizes, CPU signal. */
  public Scenario(
      int bridges, double hours, double roomsPerSecond, int burstRooms, double burstSeconds,
      double burstEverySeconds, double roomLoadMin, double roomLoadMax, double meanDurationSeconds,
      double scrapeSeconds, double windowSeconds, double pollSeconds, int replicas, double maxLoad,
      double roomCost, long seed) {
    this(bridges, hours, roomsPerSecond, burstRooms, burstSeconds, burstEverySeconds, roomLoadMin,
        roomLoadMax, meanDurationSeconds, scrapeSeconds, windowSeconds, pollSeconds, replicas,
        maxLoad, roomCost, seed, java.util.List.of(), Signal.CPU);
  }

  /** Each bridge's size in order (groups one after the other), or NaN for all when unsized. */
  public double[] bridgeSizes() {
    double[] out = new double[bridges];
    java.util.Arrays.fill(out, Double.NaN);
    int i = 0;
    for (SizeGroup g : sizes) {
      for (int k = 0; k < g.count() && i < bridges; k++) {
        out[i++] = g.size();
      }
    }
    return out;
  }

  /** The default: 50 bridges, 24 h at 2 rooms/s, 200 rooms in 10 s every hour, 3 replicas. */
  public static Scenario defaults() {
    return new Scenario(50, 24, 2, 200, 10, 3600, 0.01, 0.03, 600, 15, 60, 30, 3, 0.85, 0.02, 1);
  }

  /** For the JSON report. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bridges", bridges);
    m.put("hours", hours);
    m.put("roomsPerSecond", roomsPerSecond);
    m.put("burstRooms", burstRooms);
    m.put("burstSeconds", burstSeconds);
    m.put("burstEverySeconds", burstEverySeconds);
    m.put("roomLoadMin", roomLoadMin);
    m.put("roomLoadMax", roomLoadMax);
    m.put("meanDurationSeconds", meanDurationSeconds);
    m.put("scrapeSeconds", scrapeSeconds);
    m.put("windowSeconds", windowSeconds);
    m.put("pollSeconds", pollSeconds);
    m.put("replicas", replicas);
    m.put("maxLoad", maxLoad);
    m.put("roomCost", roomCost);
    m.put("seed", seed);
    if (!sizes.isEmpty()) {
      java.util.List<Map<String, Object>> groups = new java.util.ArrayList<>();
      for (SizeGroup g : sizes) {
        groups.add(Map.of("size", g.size(), "count", g.count()));
      }
      m.put("sizes", groups);
    }
    m.put("signal", signal.name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }
}
