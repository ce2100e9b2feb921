package dev.headroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownCommandPrintsUsageAndExits2() {
    assertEquals(2, run(Map.of(), "launch"));
    assertTrue(stderr().contains("unknown command 'launch'"));
    assertTrue(stderr().contains("usage:"));
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    assertEquals(2, run(Map.of()));
    assertTrue(stderr().contains("usage:"));
  }

  @Test
  void aBadFlagPrintsUsageAndExits2() {
    assertEquals(2, run(Map.of(), "demo", "--colour", "blue"));
    assertTrue(stderr().contains("unknown option --colour"), stderr());
    assertTrue(stderr().contains("usage:"));
  }

  @Test
  void badConfigurationIsOneLineNamingTheVariableAndExit2() {
    assertEquals(2, run(Map.of("HEADROOM_POLL_INTERVAL", "soon"), "demo"));
    assertEquals(1, stderr().lines().count(), stderr());
    assertTrue(stderr().startsWith("headroom: HEADROOM_POLL_INTERVAL: "), stderr());
  }

  @Test
  void serveWithoutAPrometheusUrlNamesTheMissingVariable() {
    assertEquals(2, run(Map.of(), "serve"));
    assertTrue(stderr().startsWith("headroom: HEADROOM_PROMETHEUS_URL: "), stderr());
  }

  @Test
  void helpGoesToStandardOutputAndExits0() {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("serve"));
  }
}
