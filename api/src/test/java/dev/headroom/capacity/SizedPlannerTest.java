package dev.headroom.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizedPlannerTest {
  private final Planner planner = Planner.defaults();

  private static FleetSnapshot fleet(double smallLoad, double largeLoad) {
    List<Bridge> list = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      list.add(new Bridge("https://s" + i + ".meet.example", "r", smallLoad, true, false, 4));
    }
    for (int i = 0; i < 10; i++) {
      list.add(new Bridge("https://l" + i + ".meet.example", "r", largeLoad, true, false, 16));
    }
    return new FleetSnapshot(Instant.EPOCH, list);
  }

  @Test
  void whenSizesDifferTheAverageLoadIsWeightedBySize() {
    // 30 × 4 CPUs idle at 20 %, 10 × 16 CPUs busy at 90 %: by hosts 37.5 %, by CPUs 60 %.
    Planner.Plan plan = planner.plan(fleet(0.2, 0.9));
    assertEquals(40, plan.bridges());
    assertEquals((30 * 4 * 0.2 + 10 * 16 * 0.9) / 280, plan.avgLoad(), 1e-9);
  }

  @Test
  void whenSizesDifferTheStepIsTakenOnCapacityAndAdvisedInMedianSizedBridges() {
    // 280 CPUs = 70 bridges of the median 4 CPUs; at 80 % the 75=10 step adds 7 of them.
    Planner.Plan plan = planner.plan(fleet(0.8, 0.8));
    assertEquals(40, plan.bridges());
    assertEquals(47, plan.recommended());
  }

  @Test
  void equalSizesPlanByHostsAsBefore() {
    List<Bridge> list = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      list.add(new Bridge("https://b" + i + ".meet.example", "r", 0.78, true, false, 8));
    }
    Planner.Plan plan = planner.plan(new FleetSnapshot(Instant.EPOCH, list));
    assertEquals(13, plan.recommended());
  }
}
