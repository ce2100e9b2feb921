package dev.headroom.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.headroom.time.ManualClock;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.policy.AssignmentLedger;
import dev.headroom.policy.BridgeStatus;
import dev.headroom.policy.NoCapacityException;
import dev.headroom.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fleet changing under the policy: flapping bridges, a drained fleet, a renamed bridge. */
class FleetChangesTest {
  private final ManualClock clock = new ManualClock();
  private final Policy policy =
      new Policy(0.85, 0.02, 3, 0.05, Duration.ofMinutes(1), new AssignmentLedger(Duration.ofMinutes(5), clock), clock, new Random(5));

  private FleetSnapshot poll(Bridge... bridges) {
    clock.advance(Duration.ofSeconds(30));
    return new FleetSnapshot(clock.instant(), List.of(bridges));
  }

  @Test
  void aFlappingBridgeGetsRoomsOnlyInPollsThatSeeItUp() throws Exception {
    for (int i = 0; i < 6; i++) {
      boolean up = i % 2 == 0;
      FleetSnapshot s =
          poll(
              new Bridge("https://flappy.example", "r", up ? 0.05 : Double.NaN, up, false),
              new Bridge("https://steady.example", "r", 0.5, true, false));
      String chosen = policy.assignNew(s, null).bridge().url();
      assertEquals(up ? "https://flappy.example" : "https://steady.example", chosen, "poll " + i);
      assertEquals(up ? BridgeStatus.State.OK : BridgeStatus.State.DOWN, policy.status(s).get(0).state());
    }
  }

  @Test
  void aFullyDrainingFleetRefusesNewRoomsAndSaysItIsDraining() {
    FleetSnapshot s =
        poll(new Bridge("https://a.example", "r", 0.1, true, true), new Bridge("https://b.example", "r", 0.1, true, true));
    NoCapacityException e = assertThrows(NoCapacityException.class, () -> policy.assignNew(s, null));
    assertEquals(NoCapacityException.Why.DRAINING, e.why());
    assertThrows(NoCapacityException.class, () -> policy.assignNamed(s, "standup", null));
  }

  @Test
  void aBridgeWhoseUrlLabelChangesIsANewBridgeAndItsRoomsMove() throws Exception {
    Bridge a = new Bridge("https://a.example", "r", 0.2, true, false);
    Bridge old = new Bridge("https://old-name.example", "r", 0.2, true, false);
    FleetSnapshot before = poll(a, old);
    String room = null;
    for (int i = 0; room == null; i++) {
      if (policy.assignNamed(before, "room-" + i, null).bridge().equals(old)) {
        room = "room-" + i;
      }
    }
    FleetSnapshot after = poll(a, new Bridge("https://new-name.example", "r", 0.2, true, false));
    String now = policy.assignNamed(after, room, null).bridge().url();
    assertNotEquals("https://old-name.example", now);
    assertEquals(2, after.bridges().size(), "the old name is gone, not kept as a ghost");
  }
}
