package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ansible/: syntax, lint at the production profile, yamllint, and a real render checked by promtool. */
class AnsibleTest {
  private static final Path ANSIBLE = Tool.ROOT.resolve("ansible");
  private static final Map<String, String> ENV = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_FORCE_COLOR", "0", "NO_COLOR", "1");

  @ParameterizedTest(name = "{0} passes --syntax-check")
  @ValueSource(strings = {"site.yml", "base.yml", "bridge.yml", "api.yml", "monitoring.yml", "drain.yml", "undrain.yml"})
  void everyPlaybookPassesTheSyntaxCheck(String playbook) throws Exception {
    Tool t = Tool.run(ANSIBLE, ENV, "ansible-playbook", "-i", "inventory/hosts.example.yml", "--syntax-check", playbook);
    assertEquals(0, t.exit(), t.output());
  }

  @Test
  void ansibleLintPassesAtTheProductionProfile() throws Exception {
    Tool t = Tool.run(ANSIBLE, ENV, "ansible-lint", "--offline", "--profile", "production", "--nocolor");
    assertEquals(0, t.exit(), t.output());
  }

  @Test
  void yamllintPasses() throws Exception {
    Tool t = Tool.run(ANSIBLE, ENV, "yamllint", "--strict", ".");
    assertEquals(0, t.exit(), t.output());
  }

  @Test
  void theRenderedPrometheusConfigurationPassesPromtoolAndRenderingTwiceChangesNothing() throws Exception {
    Path dir = Files.createTempDirectory("rendered-prometheus");
    List<String> render =
        List.of("ansible-playbook", "-i", "inventory/hosts.example.yml", "tests/render-prometheus.yml", "-e", "render_dir=" + dir);
    Tool first = Tool.run(ANSIBLE, ENV, render.toArray(String[]::new));
    assertEquals(0, first.exit(), first.output());
    Tool check = Tool.run(ANSIBLE, ENV, "promtool", "check", "config", dir.resolve("prometheus.yml").toString());
    assertEquals(0, check.exit(), check.output());
    String targets = Files.readString(dir.resolve("file_sd/bridges.json"));
    assertTrue(targets.contains("\"bridge_url\": \"https://b1.example.com\""), targets);
    assertTrue(targets.contains("\"region\": \"fr-par\""), targets);
    Tool again = Tool.run(ANSIBLE, ENV, render.toArray(String[]::new));
    assertTrue(again.output().contains("changed=0"), "idempotent:\n" + again.output());
  }

  @Test
  void theAlertRulesPassPromtool() throws Exception {
    Tool t = Tool.run(ANSIBLE, ENV, "promtool", "check", "rules", "roles/prometheus/files/headroom-alerts.yml");
    assertEquals(0, t.exit(), t.output());
    String rules = Files.readString(ANSIBLE.resolve("roles/prometheus/files/headroom-alerts.yml"));
    for (String alert : List.of("BridgeDown", "FleetBusy", "HeadroomDegraded", "HeadroomPollsFailing")) {
      assertTrue(rules.contains("alert: " + alert), alert);
    }
  }

  @Test
  void everyRoleHasTheStandardLayoutAndPrefixedVariables() throws Exception {
    for (String role : List.of("base", "node_exporter", "jitsi", "headroom", "prometheus")) {
      Path dir = ANSIBLE.resolve("roles").resolve(role);
      for (String sub : List.of("defaults/main.yml", "tasks/main.yml", "handlers/main.yml", "meta/main.yml", "templates")) {
        assertTrue(Files.exists(dir.resolve(sub)), role + "/" + sub);
      }
      for (String line : Files.readAllLines(dir.resolve("defaults/main.yml"))) {
        if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("---") && !line.startsWith(" ")) {
          assertTrue(line.startsWith(role + "_"), role + " variable without the role prefix: " + line);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} fails, naming the pattern, when its group has no host")
  @ValueSource(strings = {"base.yml", "bridge.yml", "api.yml", "monitoring.yml"})
  void aPlaybookWhoseHostPatternMatchesNothingFailsInsteadOfExitingZero(String playbook) throws Exception {
    // Packer's generated inventory before issue 10: host "default" in no group.
    Path dir = Files.createTempDirectory("no-group");
    Path inventory = dir.resolve("hosts.yml");
    Files.writeString(inventory, "all:\n  hosts:\n    default:\n      ansible_connection: local\n");
    String pattern = playbook.equals("base.yml") ? "nothing_here" : playbook.equals("bridge.yml") ? "bridges" : playbook.equals("api.yml") ? "api" : "monitoring";
    List<String> cmd = new java.util.ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(), playbook));
    if (playbook.equals("base.yml")) {
      cmd.addAll(List.of("-e", "target=nothing_here"));
    }
    Tool t = Tool.run(ANSIBLE, ENV, cmd.toArray(String[]::new));
    assertEquals(2, t.exit(), t.output());
    assertTrue(t.output().contains("'" + pattern + "' matches no host in the inventory"), t.output());
  }
}
