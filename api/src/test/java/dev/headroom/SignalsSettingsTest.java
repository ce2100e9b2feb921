package dev.headroom;

import dev.headroom.config.Settings;
import dev.headroom.config.SettingsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalsSettingsTest {
  @Test
  void withNothingSetTheNodeExporterQueriesAndCpuCountsAreTheDefaults() {
    Settings s = Settings.defaults();
    assertEquals(Settings.Signals.NODE, s.signals());
    assertTrue(s.loadQuery().contains("node_cpu_seconds_total"), s.loadQuery());
    assertEquals(0.85, s.maxLoad());
    assertEquals(
        Optional.of("count by (bridge_url) (node_cpu_seconds_total{mode=\"idle\",bridge_url!=\"\"})"),
        s.capacityQuery());
  }

  @Test
  void jvbSignalsReadTheVideobridgesOwnStressHealthAndDrainWithJicofosMaxLoad() {
    Settings s = Settings.load(Map.of("HEADROOM_SIGNALS", "jvb"), List.of());
    assertEquals(Settings.Signals.JVB, s.signals());
    assertEquals("max by (bridge_url, region) (jitsi_jvb_stress{bridge_url!=\"\"})", s.loadQuery());
    assertTrue(s.healthQuery().contains("jitsi_jvb_healthy") && s.healthQuery().contains("up"), s.healthQuery());
    assertTrue(s.drainQuery().contains("jitsi_jvb_drain_mode"), s.drainQuery());
    assertTrue(s.drainQuery().contains("jitsi_jvb_graceful_shutdown"), s.drainQuery());
    assertEquals(0.8, s.maxLoad());
    assertEquals(Optional.empty(), s.capacityQuery(), "a videobridge exports no CPU count");
  }

  @Test
  void anExplicitQueryOrMaxLoadWinsOverTheJvbDefaults() {
    Settings s =
        Settings.load(
            Map.of("HEADROOM_SIGNALS", "jvb", "HEADROOM_LOAD_QUERY", "my_stress", "HEADROOM_MAX_LOAD", "0.7"),
            List.of("--drain-query", "my_drain", "--capacity-query", "my_cpus"));
    assertEquals("my_stress", s.loadQuery());
    assertEquals("my_drain", s.drainQuery());
    assertEquals(0.7, s.maxLoad());
    assertEquals(Optional.of("my_cpus"), s.capacityQuery());
    assertTrue(s.healthQuery().contains("jitsi_jvb_healthy"), "what was not given keeps the jvb default");
  }

  @Test
  void theSignalsFlagSelectsTheJvbSetLikeTheVariable() {
    assertEquals(Settings.Signals.JVB, Settings.load(Map.of(), List.of("--signals", "JVB")).signals());
  }

  @Test
  void anEmptyOrNoneCapacityQueryMeansEveryBridgeIsTheMedianSize() {
    assertEquals(Optional.empty(), Settings.load(Map.of("HEADROOM_CAPACITY_QUERY", ""), List.of()).capacityQuery());
    assertEquals(Optional.empty(), Settings.load(Map.of("HEADROOM_CAPACITY_QUERY", "none"), List.of()).capacityQuery());
  }

  @Test
  void anUnknownSignalsValueIsRefusedNamingTheVariableAndTheValue() {
    SettingsException e =
        assertThrows(SettingsException.class, () -> Settings.load(Map.of("HEADROOM_SIGNALS", "kurento"), List.of()));
    assertEquals("HEADROOM_SIGNALS", e.variable());
    assertEquals("HEADROOM_SIGNALS: must be node or jvb, was 'kurento'", e.getMessage());
  }

  @Test
  void serveWithAnUnknownSignalsValueExitsWith2BeforeBindingAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"serve"},
            Map.of("HEADROOM_SIGNALS", "cpu", "HEADROOM_PROMETHEUS_URL", "http://127.0.0.1:1"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains("HEADROOM_SIGNALS"), stderr);
    assertEquals(1, stderr.strip().lines().count(), stderr);
  }

  @Test
  void theStartUpLineShowsTheSignalsAndTheCapacityQuery() {
    String line = Settings.load(Map.of("HEADROOM_SIGNALS", "jvb"), List.of()).toString();
    assertTrue(line.contains("signals=jvb"), line);
    assertTrue(line.contains("capacityQuery=(none)"), line);
  }
}
