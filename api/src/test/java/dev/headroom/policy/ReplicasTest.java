package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several independent replicas behind a round-robin load balancer, each with its own policy, its
 * own ledger and (when the peers query runs) its own view of everyone's assignment counters.
 */
class ReplicasTest {
  private static final int BRIDGES = 16;
  private static final int REPLICAS = 8;
  private static final int BURST = 200;

  private final ManualClock clock = new ManualClock();

  private Policy policy(long seed, PeerLedger peers) {
    return new Policy(0.85, 0.95, 0.02, 3, 0.05, Duration.ofMinutes(1),
        new AssignmentLedger(Duration.ofMinutes(5), clock), clock, new Random(seed), peers);
  }

  /** Every replica's counters after {@code perBridge} rooms each on every bridge. */
  private static Map<String, Map<String, Double>> counters(int perBridge) {
    Map<String, Map<String, Double>> all = new HashMap<>();
    for (int r = 0; r < REPLICAS; r++) {
      Map<String, Double> mine = new HashMap<>();
      for (int b = 1; b <= BRIDGES; b++) {
        mine.put(Fleets.bridge(b, 0).url(), (double) perBridge);
      }
      all.put("r" + r, mine);
    }
    return all;
  }

  /** The burst's largest count on one bridge over the fair share. */
  private double burst(List<Policy> replicas, FleetSnapshot snapshot) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < BURST; i++) {
      Policy replica = replicas.get(i % replicas.size()); // the cloud load balancer's round robin
      counts.merge(replica.assignNew(snapshot, null).bridge().url(), 1, Integer::sum);
    }
    return Collections.max(counts.values()) / (BURST / (double) BRIDGES);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 2026})
  void eightReplicasThatSeeEachOthersCountersKeepABurstWithin1Point2TimesTheFairShare(long seed) throws Exception {
    List<Policy> replicas = new ArrayList<>();
    List<PeerLedger> ledgers = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      PeerLedger peers = new PeerLedger("r" + r, Duration.ofMinutes(5), clock);
      ledgers.add(peers);
      replicas.add(policy(seed * 7919 + r, peers));
    }
    // Two earlier polls: every replica handed out the same share of the traffic in between.
    Instant before = clock.instant();
    ledgers.forEach(l -> l.observe(counters(10), before));
    clock.advance(Duration.ofSeconds(30));
    ledgers.forEach(l -> l.observe(counters(12), clock.instant()));
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), BRIDGES, 0.30);
    clock.advance(Duration.ofSeconds(1));

    double overFair = burst(replicas, snapshot);

    assertTrue(overFair <= 1.2, "max/fair " + overFair);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 2026})
  void withoutThePeersSignalEightReplicasSpreadABurstExactlyAsBefore(long seed) throws Exception {
    FleetSnapshot snapshot = Fleets.equalLoad(clock.instant(), BRIDGES, 0.30);
    clock.advance(Duration.ofSeconds(1));
    List<Policy> alone = new ArrayList<>();
    List<Policy> unscraped = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      alone.add(new Policy(0.85, 0.02, 3, 0.05, Duration.ofMinutes(1),
          new AssignmentLedger(Duration.ofMinutes(5), clock), clock, new Random(seed * 7919 + r)));
      // The query runs but finds no replica (not scraped): an empty answer every poll.
      PeerLedger peers = new PeerLedger("r" + r, Duration.ofMinutes(5), clock);
      peers.observe(Map.of(), snapshot.takenAt());
      peers.observe(Map.of(), snapshot.takenAt());
      unscraped.add(policy(seed * 7919 + r, peers));
    }
    assertEquals(burst(alone, snapshot), burst(unscraped, snapshot), 1e-9);
  }
}
