package dev.headroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  private static SettingsException refused(Map<String, String> env) {
    return assertThrows(SettingsException.class, () -> Settings.load(env, List.of()));
  }

  @Test
  void defaultsAreTheContractsDefaults() {
    Settings s = Settings.defaults();
    assertEquals(Duration.ofSeconds(30), s.pollInterval());
    assertEquals(Duration.ofSeconds(5), s.prometheusTimeout());
    assertEquals(Duration.ofMinutes(5), s.maxStaleness());
    assertEquals(0.85, s.maxLoad());
    assertEquals(0.02, s.roomCost());
    assertEquals(8080, s.port());
    assertEquals("0.0.0.0", s.bind());
    assertEquals(30, s.rateLimit());
    assertEquals("bridge_url", s.bridgeLabel());
    assertEquals("region", s.regionLabel());
    assertTrue(s.loadQuery().contains("node_cpu_seconds_total"));
    assertTrue(s.prometheusUrl().isEmpty());
    assertTrue(s.adminToken().isEmpty());
  }

  @ParameterizedTest(name = "{0} is read as {1} ms")
  @CsvSource({"500ms,500", "30s,30000", "2m,120000", "1h,3600000"})
  void durationsAcceptMillisecondsSecondsMinutesAndHours(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @Test
  void aFlagOverridesTheEnvironmentVariable() {
    Settings s =
        Settings.load(Map.of("HEADROOM_POLL_INTERVAL", "10s"), List.of("--poll-interval", "20s", "--max-load=0.7"));
    assertEquals(Duration.ofSeconds(20), s.pollInterval());
    assertEquals(0.7, s.maxLoad());
  }

  @Test
  void aShortPollIntervalAloneShortensTheDefaultTimeoutButAnExplicitTimeoutIsChecked() {
    assertEquals(Duration.ofSeconds(1), Settings.load(Map.of("HEADROOM_POLL_INTERVAL", "2s"), List.of()).prometheusTimeout());
    assertEquals(Duration.ofMillis(250), Settings.load(Map.of(), List.of("--poll-interval", "500ms")).prometheusTimeout());
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> Settings.load(Map.of("HEADROOM_POLL_INTERVAL", "2s", "HEADROOM_PROMETHEUS_TIMEOUT", "5s"), List.of()));
    assertEquals("HEADROOM_PROMETHEUS_TIMEOUT", e.variable());
  }

  @Test
  void anUnknownFlagIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Settings.load(Map.of(), List.of("--pol-interval", "1s")));
    assertTrue(e.getMessage().contains("--pol-interval"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}={1} is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "HEADROOM_POLL_INTERVAL|30",
        "HEADROOM_POLL_INTERVAL|thirty seconds",
        "HEADROOM_POLL_INTERVAL|10ms",
        "HEADROOM_PROMETHEUS_TIMEOUT|45s",
        "HEADROOM_MAX_STALENESS|10s",
        "HEADROOM_MAX_LOAD|1.5",
        "HEADROOM_MAX_LOAD|0",
        "HEADROOM_MAX_LOAD|high",
        "HEADROOM_ROOM_COST|-0.1",
        "HEADROOM_PORT|70000",
        "HEADROOM_RATE_LIMIT|-1",
        "HEADROOM_TRUSTED_PROXIES|10.0.0.0/33",
        "HEADROOM_TRUSTED_PROXIES|lb.example.com",
        "HEADROOM_BRIDGE_LABEL|bridge-url",
        "HEADROOM_PROMETHEUS_URL|ftp://prom:9090",
        "HEADROOM_PROMETHEUS_URL|http://user:pw@prom:9090",
        "HEADROOM_LOAD_QUERY|'  '",
        "HEADROOM_SHUTDOWN_DELAY|15",
        "HEADROOM_SHUTDOWN_DELAY|1h",
      })
  void aBadValueIsReportedInOneLineNamingTheVariable(String variable, String value) {
    SettingsException e = refused(Map.of(variable, value));
    assertEquals(variable, e.variable());
    assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aPasswordWithoutAUserIsRefusedWithoutShowingThePassword() {
    SettingsException e = refused(Map.of("HEADROOM_PROMETHEUS_PASSWORD", "hunter2-secret"));
    assertEquals("HEADROOM_PROMETHEUS_PASSWORD", e.variable());
    assertFalse(e.getMessage().contains("hunter2-secret"));
  }

  @Test
  void serveNeedsAPrometheusUrl() {
    SettingsException e = assertThrows(SettingsException.class, () -> Settings.defaults().requirePrometheus());
    assertEquals("HEADROOM_PROMETHEUS_URL", e.variable());
  }

  @Test
  void theStartUpLineMasksEverySecret() {
    Settings s =
        Settings.load(
            Map.of(
                "HEADROOM_PROMETHEUS_URL", "https://prom.example:9090/prometheus",
                "HEADROOM_PROMETHEUS_USER", "headroom",
                "HEADROOM_PROMETHEUS_PASSWORD", "hunter2-secret",
                "HEADROOM_ADMIN_TOKEN", "admin-token-value"),
            List.of());
    String line = s.toString();
    assertFalse(line.contains("hunter2-secret"), line);
    assertFalse(line.contains("admin-token-value"), line);
    assertTrue(line.contains("prometheusPassword=****"), line);
    assertTrue(line.contains("https://prom.example:9090/prometheus"), line);
  }

  @Test
  void trustedProxiesAcceptIpv4AndIpv6RangesAndBareAddresses() {
    Settings s = Settings.load(Map.of("HEADROOM_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8,192.0.2.7"), List.of());
    assertEquals(3, s.trustedProxies().size());
    assertTrue(s.trustedProxies().get(0).contains("10.20.30.40"));
    assertFalse(s.trustedProxies().get(0).contains("11.0.0.1"));
    assertTrue(s.trustedProxies().get(1).contains("fd12::1"));
    assertTrue(s.trustedProxies().get(2).contains("192.0.2.7"));
    assertFalse(s.trustedProxies().get(2).contains("192.0.2.8"));
  }

  @ParameterizedTest(name = "{0}={1} is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "HEADROOM_HARD_MAX_LOAD|0",
        "HEADROOM_HARD_MAX_LOAD|1.01",
        "HEADROOM_HARD_MAX_LOAD|0.8",
        "HEADROOM_HARD_MAX_LOAD|full",
        "HEADROOM_REGION_NAMES|Paris",
        "HEADROOM_REGION_NAMES|fr-par=",
        "HEADROOM_REGION_NAMES|=Paris",
        "HEADROOM_REGION_NAMES|'fr-par=Paris,fr-par=Lyon'",
        "HEADROOM_REGION_NAMES|'fr par=Paris'",
      })
  void aBadHardMaximumOrRegionNameListIsRefusedNamingTheVariable(String variable, String value) {
    SettingsException e = refused(Map.of(variable, value));
    assertEquals(variable, e.variable());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void theHardMaximumDefaultsTo95PercentAndMayEqualTheMaximum() {
    assertEquals(0.95, Settings.defaults().hardMaxLoad());
    assertEquals(0.85, Settings.load(Map.of("HEADROOM_HARD_MAX_LOAD", "0.85"), List.of()).hardMaxLoad());
    assertEquals(1.0, Settings.load(Map.of("HEADROOM_HARD_MAX_LOAD", "1"), List.of()).hardMaxLoad());
  }

  @Test
  void regionNamesAreReadAsCodeNamePairsInTheirOrder() {
    Settings s = Settings.load(Map.of("HEADROOM_REGION_NAMES", " fr-par=Paris , nl-ams=Amsterdam (NL),"), List.of());
    assertEquals(Map.of("fr-par", "Paris", "nl-ams", "Amsterdam (NL)"), s.regionNames());
    assertEquals(List.of("fr-par", "nl-ams"), List.copyOf(s.regionNames().keySet()));
    assertEquals(Map.of(), Settings.defaults().regionNames());
  }

  @Test
  void secretsAreReadFromTheirFilesWithoutTheTrailingNewline(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path password = java.nio.file.Files.writeString(dir.resolve("pw"), "s3cret pass\r\n");
    java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "tok\n");
    Settings s =
        Settings.load(
            Map.of("HEADROOM_PROMETHEUS_USER", "headroom", "HEADROOM_PROMETHEUS_PASSWORD_FILE", password.toString()),
            List.of("--admin-token-file", token.toString()));
    assertEquals("s3cret pass", s.prometheusPassword().orElseThrow().reveal());
    assertEquals("tok", s.adminToken().orElseThrow().reveal());
    assertFalse(s.toString().contains("s3cret"), s.toString());
  }

  @Test
  void aSecretFileThatConflictsOrCannotBeReadIsOneLineNamingTheVariableAndFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "tok\n");
    SettingsException both =
        refused(Map.of("HEADROOM_ADMIN_TOKEN", "tok", "HEADROOM_ADMIN_TOKEN_FILE", token.toString()));
    assertEquals("HEADROOM_ADMIN_TOKEN_FILE: conflicts with HEADROOM_ADMIN_TOKEN; set only one of them", both.getMessage());
    java.nio.file.Path missing = dir.resolve("nope");
    SettingsException unreadable =
        refused(Map.of("HEADROOM_PROMETHEUS_USER", "u", "HEADROOM_PROMETHEUS_PASSWORD_FILE", missing.toString()));
    assertEquals("HEADROOM_PROMETHEUS_PASSWORD_FILE: cannot read " + missing + " (no such file)", unreadable.getMessage());
    assertFalse(unreadable.getMessage().contains("\n"));
    java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), "\n");
    assertTrue(refused(Map.of("HEADROOM_ADMIN_TOKEN_FILE", empty.toString())).getMessage().endsWith("which is empty"));
    java.nio.file.Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "hello\n");
    assertEquals(
        "HEADROOM_PROMETHEUS_CA: " + notPem + " is not a PEM certificate file",
        refused(Map.of("HEADROOM_PROMETHEUS_CA", notPem.toString())).getMessage());
  }

  @Test
  void theShutdownDelayOutlastsTheLoadBalancersHealthCheckByDefaultAndAFlagSetsIt() {
    // terraform/loadbalancer.tf checks every 5 s and needs 2 failures: 10-15 s to notice.
    assertTrue(Settings.defaults().shutdownDelay().compareTo(Duration.ofSeconds(15)) > 0);
    Settings s = Settings.load(Map.of("HEADROOM_SHUTDOWN_DELAY", "30s"), List.of("--shutdown-delay", "500ms"));
    assertEquals(Duration.ofMillis(500), s.shutdownDelay());
    assertTrue(s.toString().contains("shutdownDelay=500ms"), s.toString());
  }
}
