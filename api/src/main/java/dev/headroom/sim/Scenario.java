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
    long seed) {

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
    return m;
  }
}
