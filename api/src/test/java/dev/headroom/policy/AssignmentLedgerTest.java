package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AssignmentLedgerTest {
  private final ManualClock clock = new ManualClock();

  @Test
  void countsOnlyRoomsSinceTheGivenTime() {
    AssignmentLedger ledger = new AssignmentLedger(Duration.ofMinutes(5), clock);
    Instant start = clock.instant();
    ledger.record("https://a", clock.instant());
    clock.advance(Duration.ofSeconds(10));
    ledger.record("https://a", clock.instant());
    ledger.record("https://a", clock.instant());
    assertEquals(3, ledger.countSince("https://a", start));
    assertEquals(2, ledger.countSince("https://a", start.plusSeconds(5)));
    assertEquals(0, ledger.countSince("https://a", clock.instant().plusSeconds(1)));
    assertEquals(0, ledger.countSince("https://b", start));
  }

  @Test
  void roomsFadeAfterTheHorizon() {
    AssignmentLedger ledger = new AssignmentLedger(Duration.ofSeconds(60), clock);
    Instant start = clock.instant();
    ledger.record("https://a", clock.instant());
    clock.advance(Duration.ofSeconds(61));
    assertEquals(0, ledger.countSince("https://a", start));
    assertEquals(0, ledger.trackedBridges());
  }

  @Test
  void memoryStaysBoundedWhateverTheNumberOfBridges() {
    AssignmentLedger ledger = new AssignmentLedger(Duration.ofSeconds(60), clock);
    for (int i = 0; i < AssignmentLedger.MAX_BRIDGES + 5_000; i++) {
      ledger.record("https://b" + i, clock.instant());
    }
    assertTrue(ledger.trackedBridges() <= AssignmentLedger.MAX_BRIDGES, "tracked " + ledger.trackedBridges());
  }
}
