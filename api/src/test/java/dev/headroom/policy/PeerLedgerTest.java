package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headroom.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerLedgerTest {
  private static final String B1 = "https://b1.meet.example";
  private static final String B2 = "https://b2.meet.example";
  private final ManualClock clock = new ManualClock();
  private final PeerLedger peers = new PeerLedger("me", Duration.ofMinutes(5), clock);

  @Test
  void theFanOutIsAllReplicasRoomsOverThisOnesAndTheOthersRoomsCountUntilTheLoadShowsThem() {
    peers.observe(Map.of("me", Map.of(B1, 10.0), "a", Map.of(B1, 5.0), "b", Map.of(B2, 1.0)), clock.instant());
    clock.advance(Duration.ofSeconds(30));
    Instant now = clock.instant();
    peers.observe(Map.of("me", Map.of(B1, 12.0), "a", Map.of(B1, 7.0), "b", Map.of(B2, 3.0)), now);

    assertEquals(3.0, peers.fanOut(), 1e-9); // 2 of mine, 4 of theirs
    assertEquals(2.0, peers.unseen(B1, now.minusSeconds(15), Duration.ofMinutes(1)), 1e-9);
    assertEquals(2.0, peers.unseen(B2, now.minusSeconds(15), Duration.ofMinutes(1)), 1e-9);
    assertEquals(0.0, peers.unseen(B1, now.plusSeconds(120), Duration.ofMinutes(1)), 1e-9);
    assertEquals(2, peers.rank()); // "a" < "b" < "me"
    assertEquals(3, peers.replicas());
  }

  @Test
  void aRestartedPeerCountsFromZeroAndANewOneIsOnlyABaseline() {
    peers.observe(Map.of("me", Map.of(B1, 4.0), "a", Map.of(B1, 50.0)), clock.instant());
    clock.advance(Duration.ofSeconds(30));
    peers.observe(Map.of("me", Map.of(B1, 6.0), "a", Map.of(B1, 2.0), "new", Map.of(B1, 900.0)), clock.instant());

    assertEquals(2.0, peers.unseen(B1, clock.instant().minusSeconds(15), Duration.ofMinutes(1)), 1e-9);
    assertEquals(2.0, peers.fanOut(), 1e-9);
  }

  @Test
  void withoutPeersOrOnceObservationsAreOlderThanTheHorizonTheReplicaIsAlone() {
    peers.observe(Map.of(), clock.instant());
    clock.advance(Duration.ofSeconds(30));
    peers.observe(Map.of(), clock.instant());
    assertEquals(1.0, peers.fanOut(), 1e-9);

    peers.observe(Map.of("me", Map.of(B1, 1.0), "a", Map.of(B1, 1.0)), clock.instant());
    clock.advance(Duration.ofSeconds(30));
    peers.observe(Map.of("me", Map.of(B1, 2.0), "a", Map.of(B1, 5.0)), clock.instant());
    assertEquals(2.0, peers.fanOut(), 1e-9);
    clock.advance(Duration.ofMinutes(6));
    assertEquals(1.0, peers.fanOut(), 1e-9);
    assertEquals(1.0, PeerLedger.none().fanOut(), 1e-9);
  }
}
