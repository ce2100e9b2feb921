package dev.headroom.sim;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Runs one strategy through one scenario in one-second steps. The workload (arrival times, room
 * loads, durations) depends only on the scenario's seed, so every strategy faces the same rooms.
 *
 * <p>Each second: rooms that ended leave; every scrape interval each bridge's measured load
 * becomes the mean of its true load over the rate window (what {@code rate(...[1m])} reports);
 * every poll interval each replica (phases spread evenly) takes a snapshot of the measured loads;
 * new rooms reach the replicas round robin and each replica chooses from what it last saw.
 *
 * <p>Each replica also counts the rooms it hands out per bridge, as {@code
 * headroom_assignments_total} does; the counters are scraped at the same instants as the bridges
 * and, right after each poll, every replica is shown all replicas' counters as of the newest scrape
 * (what the peers query returns), keyed by the replica's id (its seed).
 */
public final class Simulation {
  private final Scenario s;

  public Simulation(Scenario scenario) {
    this.s = scenario;
  }

  /** What one strategy did. */
  public record Result(
      String name,
      long rooms,
      long refused,
      double peakLoadP50,
      double peakLoadP99,
      double peakLoadMax,
      long secondsOverMax,
      double maxOverFair,
      float[][] loadSeries,
      int seriesStepSeconds) {}

  private record Room(double end, int bridge, double load) {}

  public Result run(Strategy.Factory factory) {
    int n = s.bridges();
    int seconds = (int) Math.round(s.hours() * 3600);
    SimClock clock = new SimClock();
    double[] load = new double[n];
    List<Strategy> replicas = new ArrayList<>();
    String[] replicaIds = new String[s.replicas()];
    for (int r = 0; r < s.replicas(); r++) {
      long replicaSeed = s.seed() * 7919 + r;
      replicaIds[r] = Long.toString(replicaSeed);
      replicas.add(factory.replica(s, clock, replicaSeed));
    }
    double[] sizes = s.bridgeSizes();
    double[] scale = roomScale(sizes);
    boolean jvb = s.signal() == Scenario.Signal.JVB;
    double[] jvbSum = new double[n];
    double[] stress = new double[n];
    long[][] handedOut = new long[s.replicas()][n];
    Map<String, Map<String, Double>> scrapedCounters = Map.of();
    String[] urls = new String[n];
    Map<String, Integer> index = new HashMap<>();
    for (int b = 0; b < n; b++) {
      urls[b] = "https://b" + (b + 1) + ".sim.example";
      index.put(urls[b], b);
    }
    for (Strategy replica : replicas) {
      if (replica instanceof Strategy.Omniscient o) {
        o.watch(urls, load, scale, sizes);
      }
    }
    SplittableRandom workload = new SplittableRandom(s.seed());
    int window = Math.max(1, (int) Math.round(s.windowSeconds()));
    double[][] history = new double[n][window];
    double[] historySum = new double[n];
    double[] measured = new double[n];
    PriorityQueue<Room> ending = new PriorityQueue<>((a, b) -> Double.compare(a.end, b.end));
    double[] peaks = new double[seconds];
    long overMax = 0;
    long rooms = 0;
    long refused = 0;
    int scrape = Math.max(1, (int) Math.round(s.scrapeSeconds()));
    int poll = Math.max(1, (int) Math.round(s.pollSeconds()));
    int step = Math.max(10, seconds / 400);
    float[][] series = new float[n][(seconds + step - 1) / step];
    double nextArrival = exponential(workload, s.roomsPerSecond());
    int burstEvery = (int) Math.round(s.burstEverySeconds());
    double maxOverFair = 0;
    int[] burstCounts = new int[n];
    int burstTotal = 0;
    boolean inBurst = false;
    int rr = 0;
    double sigma = 1.0;
    double mu = Math.log(s.meanDurationSeconds()) - sigma * sigma / 2;

    for (int t = 0; t < seconds; t++) {
      while (!ending.isEmpty() && ending.peek().end <= t) {
        Room r = ending.poll();
        load[r.bridge] = Math.max(0, load[r.bridge] - r.load);
      }
      for (int b = 0; b < n; b++) {
        int slot = t % window;
        historySum[b] += load[b] - history[b][slot];
        history[b][slot] = load[b];
      }
      if (jvb) {
        // The videobridge's own sampler: the mean CPU of the last sample period, every period.
        int period = Scenario.Signal.JVB_SAMPLE_SECONDS;
        for (int b = 0; b < n; b++) {
          jvbSum[b] += load[b];
          if (t % period == period - 1) {
            stress[b] = jvbSum[b] / period;
            jvbSum[b] = 0;
          }
        }
      }
      if (t % scrape == 0) {
        int samples = Math.min(t + 1, window);
        for (int b = 0; b < n; b++) {
          measured[b] = jvb ? stress[b] : historySum[b] / samples;
        }
        scrapedCounters = counters(replicaIds, urls, handedOut);
      }
      for (int r = 0; r < replicas.size(); r++) {
        int phase = r * poll / replicas.size();
        if (t == 0 || (t >= phase && (t - phase) % poll == 0)) {
          List<Bridge> bridges = new ArrayList<>(n);
          for (int b = 0; b < n; b++) {
            bridges.add(new Bridge(urls[b], "sim", measured[b], true, false, sizes[b]));
          }
          replicas.get(r).polled(new FleetSnapshot(clock.at(t), bridges));
          replicas.get(r).scraped(scrapedCounters, clock.at(t));
        }
      }

      // This second's arrivals: the Poisson stream plus any burst.
      List<Double> arrivals = new ArrayList<>();
      while (nextArrival < t + 1) {
        arrivals.add(nextArrival);
        nextArrival += exponential(workload, s.roomsPerSecond());
      }
      boolean burstNow = false;
      if (s.burstRooms() > 0 && burstEvery > 0 && t >= burstEvery) {
        double into = t % burstEvery;
        if (into < s.burstSeconds()) {
          burstNow = true;
          double perSecond = s.burstRooms() / s.burstSeconds();
          double from = into * perSecond;
          double to = Math.min(s.burstRooms(), (into + 1) * perSecond);
          for (long k = (long) Math.ceil(from); k < to; k++) {
            arrivals.add(t + (k - from) / perSecond);
          }
        }
      }
      if (inBurst && !burstNow) {
        maxOverFair = Math.max(maxOverFair, overFair(burstCounts, burstTotal));
        Arrays.fill(burstCounts, 0);
        burstTotal = 0;
      }
      inBurst = burstNow;
      arrivals.sort(Double::compare);
      for (double at : arrivals) {
        double roomLoad = s.roomLoadMin() + workload.nextDouble() * (s.roomLoadMax() - s.roomLoadMin());
        double duration = Math.exp(mu + sigma * gaussian(workload));
        rooms++;
        clock.set(at);
        int replica = rr++ % replicas.size();
        Bridge chosen = replicas.get(replica).choose();
        if (chosen == null) {
          refused++;
          continue;
        }
        int b = index.get(chosen.url());
        handedOut[replica][b]++;
        double added = roomLoad * scale[b];
        load[b] += added;
        ending.add(new Room(at + duration, b, added));
        if (burstNow) {
          burstCounts[b]++;
          burstTotal++;
        }
      }
      double peak = 0;
      boolean over = false;
      for (int b = 0; b < n; b++) {
        peak = Math.max(peak, load[b]);
        over |= load[b] > s.maxLoad();
        int i = t / step;
        series[b][i] = Math.max(series[b][i], (float) load[b]);
      }
      peaks[t] = peak;
      if (over) {
        overMax++;
      }
    }
    if (inBurst) {
      maxOverFair = Math.max(maxOverFair, overFair(burstCounts, burstTotal));
    }
    double[] sorted = peaks.clone();
    Arrays.sort(sorted);
    return new Result(
        factory.name(),
        rooms,
        refused,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
        overMax,
        maxOverFair,
        series,
        step);
  }

  /**
   * What one room's load is multiplied by on each bridge: median size ÷ its size (1 when the
   * scenario has no sizes), so a room of load x on a median bridge takes the same CPU anywhere.
   */
  static double[] roomScale(double[] sizes) {
    double[] scale = new double[sizes.length];
    double[] known = Arrays.stream(sizes).filter(x -> !Double.isNaN(x)).sorted().toArray();
    double median =
        known.length == 0 ? Double.NaN
            : known.length % 2 == 1 ? known[known.length / 2]
            : (known[known.length / 2 - 1] + known[known.length / 2]) / 2;
    for (int b = 0; b < sizes.length; b++) {
      scale[b] = Double.isNaN(sizes[b]) || Double.isNaN(median) ? 1 : median / sizes[b];
    }
    return scale;
  }

  /** Every replica's assignment counters, as the peers query returns them (series from the first room). */
  private static Map<String, Map<String, Double>> counters(String[] ids, String[] urls, long[][] handedOut) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (int r = 0; r < ids.length; r++) {
      Map<String, Double> perBridge = new HashMap<>();
      for (int b = 0; b < urls.length; b++) {
        if (handedOut[r][b] > 0) {
          perBridge.put(urls[b], (double) handedOut[r][b]);
        }
      }
      if (!perBridge.isEmpty()) {
        out.put(ids[r], Map.copyOf(perBridge));
      }
    }
    return Map.copyOf(out);
  }

  private double overFair(int[] counts, int total) {
    if (total == 0) {
      return 0;
    }
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    return max / (total / (double) counts.length);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1)))];
  }

  private static double exponential(SplittableRandom r, double rate) {
    return rate <= 0 ? Double.POSITIVE_INFINITY : -Math.log(1 - r.nextDouble()) / rate;
  }

  /** A standard normal draw (Box–Muller), from the workload stream only. */
  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
