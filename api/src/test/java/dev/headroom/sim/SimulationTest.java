package dev.headroom.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final Map<String, Simulation.Result> results = new HashMap<>();
  private static Scenario scenario;

  @BeforeAll
  static void runTheDefaultBurstScenarioForThreeHours() {
    Scenario d = Scenario.defaults();
    scenario = SimulateCommand.scenario(d, Map.of("--hours", "3"));
    Simulation sim = new Simulation(scenario);
    for (Strategy.Factory f : Strategy.all()) {
      results.put(f.name(), sim.run(f));
    }
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    Simulation.Result again = new Simulation(scenario).run(Strategy.all().get(0));
    Simulation.Result first = results.get("headroom");
    assertEquals(first.peakLoadP99(), again.peakLoadP99());
    assertEquals(first.secondsOverMax(), again.secondsOverMax());
    assertEquals(first.maxOverFair(), again.maxOverFair());
  }

  @Test
  void everyStrategyFacesTheSameRooms() {
    long rooms = results.get("headroom").rooms();
    results.values().forEach(r -> assertEquals(rooms, r.rooms(), r.name()));
  }

  @Test
  void headroomKeepsThePeakBridgeLoadLowerThanEveryBaseline() {
    Simulation.Result h = results.get("headroom");
    for (Simulation.Result r : results.values()) {
      if (r != h) {
        assertTrue(h.peakLoadP99() <= r.peakLoadP99(), r.name() + " p99 " + r.peakLoadP99() + " vs " + h.peakLoadP99());
        assertTrue(h.secondsOverMax() <= r.secondsOverMax(), r.name());
      }
    }
    assertTrue(results.get("naive").maxOverFair() > 5 * h.maxOverFair(), "naive herds every burst onto one bridge");
  }

  @Test
  void atEightReplicasHeadroomKeepsThePeakAtOrBelowPowerOfTwoChoicesWhereAloneItWentOverTheMax() {
    Simulation sim = new Simulation(SimulateCommand.scenario(Scenario.defaults(), Map.of("--hours", "3", "--replicas", "8")));
    Map<String, Simulation.Result> at8 = new HashMap<>();
    for (Strategy.Factory f : Strategy.all()) {
      if (List.of("headroom", "headroom-alone", "p2c").contains(f.name())) {
        at8.put(f.name(), sim.run(f));
      }
    }
    Simulation.Result h = at8.get("headroom");
    Simulation.Result alone = at8.get("headroom-alone");
    Simulation.Result p2c = at8.get("p2c");
    assertTrue(h.peakLoadP99() <= p2c.peakLoadP99(), "headroom " + h.peakLoadP99() + " vs p2c " + p2c.peakLoadP99());
    assertEquals(0, h.secondsOverMax());
    assertTrue(alone.peakLoadP99() > p2c.peakLoadP99(), "without the peers' counters: " + alone.peakLoadP99());
  }

  @Test
  void theJsonReportHasTheContractsShape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        SimulateCommand.run(
            List.of("--hours", "0.5", "--bridges", "10", "--rate", "0.5", "--burst", "50/5s@10m", "--json"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals(10, root.path("scenario").path("bridges").asInt());
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode s : root.path("strategies")) {
      names.add(s.path("name").asText());
      for (String field : List.of("maxOverFair", "secondsOverMax", "refused", "peakLoadP99")) {
        assertTrue(s.path(field).isNumber(), field + " in " + s);
      }
    }
    assertTrue(names.containsAll(List.of("headroom", "naive", "random", "p2c")), names.toString());
  }

  @Test
  void aBadFlagIsRefusedWithUsageAndExit2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SimulateCommand.run(
            List.of("--bridges", "many"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--bridges must be a whole number"));
  }
}
