package dev.headroom.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final Planner planner = Planner.defaults();

  @ParameterizedTest(name = "{0} bridges at {1} load -> {2}")
  @CsvSource({
    "12, 0.78, 13", // 75=10: 1.2 bridges, truncated to 1
    "12, 0.90, 16", // 85=40: 4.8, truncated to 4
    "5, 0.80, 6", //   10 % of 5 = 0.5, rounds up to 1
    "20, 0.50, 20", // between the thresholds: no change
    "20, 0.10, 18", // 25=10 scale-in: 2
    "5, 0.10, 4", //   0.5 rounds to 1
    "2, 0.05, 2", //   never below the minimum
    "480, 0.95, 500" // never above the maximum
  })
  void stepsRoundLikeAwsStepScaling(int bridges, double load, int expected) {
    assertEquals(expected, planner.recommend(bridges, load, true));
  }

  @Test
  void drainingBridgesAreNotCountedAndDownOnesDoNotDiluteTheAverage() {
    List<Bridge> list = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      list.add(new Bridge("https://b" + i, "r", 0.8, true, false));
    }
    list.add(new Bridge("https://draining", "r", 0.1, true, true));
    list.add(new Bridge("https://down", "r", Double.NaN, false, false));
    Planner.Plan plan = planner.plan(new FleetSnapshot(Instant.EPOCH, list));
    assertEquals(11, plan.bridges());
    assertEquals(0.8, plan.avgLoad(), 1e-9);
    assertEquals(12, plan.recommended());
  }

  @Test
  void aBadStepNamesThePart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepPolicy.parse("75=10,85"));
    assertTrue(e.getMessage().contains("'85'"), e.getMessage());
    assertEquals("75=10,85=40", StepPolicy.parse("85=40, 75=10").toString());
  }

  private static FleetSnapshot fleet(int bridges, double load) {
    List<Bridge> list = new ArrayList<>();
    for (int i = 0; i < bridges; i++) {
      list.add(new Bridge("https://b" + i, "r", load, true, false));
    }
    return new FleetSnapshot(Instant.EPOCH, list);
  }

  @ParameterizedTest(name = "{0} bridges at {1} load: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "8|0.23|average load 23 % is below the 25 % scale-in threshold",
        "8|0.249|average load 24.9 % is below the 25 % scale-in threshold",
        "8|0.50|average load 50 % is within the scaling thresholds",
        "8|0.78|average load 78 % is at or above the 75 % scale-out threshold",
        "8|0.90|average load 90 % is at or above the 85 % scale-out threshold",
        "2|0.05|average load 5 % is below the 25 % scale-in threshold, and the fleet never goes below 2",
      })
  void theReasonNamesTheAverageAndTheThresholdThatDecided(int bridges, double load, String reason) {
    assertEquals(reason, planner.reason(fleet(bridges, load)));
  }

  @Test
  void theReasonSaysWhenDrainingBridgesAreLeftOutOfTheCount() {
    List<Bridge> list = new ArrayList<>(fleet(4, 0.5).bridges());
    list.add(new Bridge("https://leaving", "r", 0.1, true, true));
    assertEquals(
        "average load 50 % is within the scaling thresholds (4 bridges counted, 1 draining)",
        planner.reason(new FleetSnapshot(Instant.EPOCH, list)));
  }

  @Test
  void withoutLoadDataTheReasonSaysSo() {
    List<Bridge> down = List.of(new Bridge("https://b0", "r", Double.NaN, false, false));
    assertEquals("no bridge reports its load, so the count stays", planner.reason(new FleetSnapshot(Instant.EPOCH, down)));
  }
}
