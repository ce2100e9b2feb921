package dev.headroom.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OracleAndSizesSimulationTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int simulate(String... args) {
    return SimulateCommand.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static final Map<Map<String, String>, Map<String, Simulation.Result>> RUNS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Every strategy and the oracle on one scenario; each scenario runs once per test class. */
  private static Map<String, Simulation.Result> runAll(Map<String, String> flags) {
    return RUNS.computeIfAbsent(flags, OracleAndSizesSimulationTest::run);
  }

  private static Map<String, Simulation.Result> run(Map<String, String> flags) {
    Scenario s = SimulateCommand.scenario(Scenario.defaults(), flags);
    Simulation sim = new Simulation(s);
    Map<String, Simulation.Result> results = new HashMap<>();
    for (Strategy.Factory f : Strategy.withOracle()) {
      results.put(f.name(), sim.run(f));
    }
    return results;
  }

  @Test
  void theJsonReportNamesTheOracleWithTheContractsFieldsAndMeasuresEveryStrategyAgainstIt() throws Exception {
    assertEquals(0, simulate("--hours", "0.5", "--bridges", "10", "--rate", "0.5", "--burst", "50/5s@10m", "--json"));
    JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    JsonNode oracle = null;
    for (JsonNode s : root.path("strategies")) {
      for (String field : List.of("maxOverFair", "secondsOverMax", "refused", "peakLoadP99", "peakLoadP99OverOracle", "secondsOverMaxAboveOracle")) {
        assertTrue(s.path(field).isNumber(), field + " in " + s);
      }
      if (s.path("name").asText().equals("oracle")) {
        oracle = s;
      }
    }
    assertTrue(oracle != null, "an entry named oracle");
    assertEquals(1.0, oracle.path("peakLoadP99OverOracle").asDouble());
    assertEquals(0, oracle.path("secondsOverMaxAboveOracle").asInt());
  }

  @Test
  void theTableShowsEveryStrategyRelativeToTheOracle() {
    assertEquals(0, simulate("--hours", "0.5", "--bridges", "10", "--rate", "0.5"));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("p99/oracle") && table.contains("s over oracle"), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("oracle ") && l.contains(" 1.00 ")), table);
  }

  @Test
  void noStrategyKeepsThePeakLowerThanTheOracleAndHeadroomIsTheClosest() {
    Map<String, Simulation.Result> r = runAll(Map.of("--hours", "3"));
    Simulation.Result oracle = r.get("oracle");
    for (Simulation.Result x : r.values()) {
      assertTrue(oracle.peakLoadP99() <= x.peakLoadP99(), x.name() + " " + x.peakLoadP99() + " vs oracle " + oracle.peakLoadP99());
      assertTrue(oracle.secondsOverMax() <= x.secondsOverMax(), x.name());
      assertEquals(oracle.rooms(), x.rooms(), "the oracle faces the same rooms");
    }
    assertTrue(r.get("headroom").peakLoadP99() < 1.3 * oracle.peakLoadP99(), "headroom within 30 % of the limit");
  }

  @Test
  void onAMixedFleetHeadroomChargesSmallBridgesMoreAndKeepsThemBelowTheMaxLoad() {
    Map<String, Simulation.Result> r = runAll(Map.of("--hours", "3", "--sizes", "4:30,16:10"));
    Simulation.Result h = r.get("headroom");
    assertEquals(0, h.secondsOverMax());
    for (String sizeBlind : List.of("round-robin", "random")) {
      assertTrue(r.get(sizeBlind).secondsOverMax() > 0, sizeBlind + " overloads the 4-CPU bridges");
      assertTrue(h.peakLoadP99() < r.get(sizeBlind).peakLoadP99(), sizeBlind);
    }
  }

  @Test
  void sizesSetTheBridgeCountAndScaleARoomsLoadByMedianOverSize() {
    Scenario s = SimulateCommand.scenario(Scenario.defaults(), Map.of("--sizes", "4:2,16:1"));
    assertEquals(3, s.bridges());
    assertArrayEquals(new double[] {4, 4, 16}, s.bridgeSizes());
    assertArrayEquals(new double[] {1, 1, 0.25}, Simulation.roomScale(s.bridgeSizes()));
    assertArrayEquals(new double[] {1, 1}, Simulation.roomScale(new double[] {Double.NaN, Double.NaN}));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--sizes|4:x|--sizes must look like 4:30,16:10",
        "--sizes|0:3|--sizes must look like 4:30,16:10",
        "--sizes|4:30,16|--sizes must look like 4:30,16:10",
        "--sizes|4:-1|--sizes must look like 4:30,16:10",
        "--signal|stress|--signal must be cpu or jvb"
      })
  void badSizesOrSignalAreRefusedWithUsageAndExit2(String flag, String value, String message) {
    assertEquals(2, simulate(flag, value));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains(message), stderr);
    assertTrue(stderr.contains("usage:"), stderr);
  }

  @Test
  void sizesThatContradictTheBridgeCountAreRefused() {
    assertEquals(2, simulate("--bridges", "5", "--sizes", "4:30,16:10"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sizes adds up to 40 bridges but --bridges says 5"));
  }

  @Test
  void theJvbSignalLagsLessThanAOneMinuteRateSoNaiveHerdsLessAndHeadroomStaysBelowTheMax() throws Exception {
    Map<String, Simulation.Result> cpu = runAll(Map.of("--hours", "3"));
    Map<String, Simulation.Result> jvb = runAll(Map.of("--hours", "3", "--signal", "jvb"));
    assertTrue(jvb.get("naive").peakLoadP99() < cpu.get("naive").peakLoadP99());
    assertEquals(0, jvb.get("headroom").secondsOverMax());
    assertEquals(cpu.get("oracle").peakLoadP99(), jvb.get("oracle").peakLoadP99(), "the oracle ignores the signal");
    assertEquals(0, simulate("--hours", "0.2", "--signal", "jvb", "--json"));
    JsonNode root = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertEquals("jvb", root.path("scenario").path("signal").asText());
  }
}
