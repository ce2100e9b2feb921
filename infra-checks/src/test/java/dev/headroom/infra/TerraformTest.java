package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/, parsed by a real HCL parser (@cdktf/hcl2json; no terraform binary or provider can be
 * downloaded here), checked for the structure the operations depend on. The provider schema, the
 * load balancer ACL and the security groups have their own checks (TerraformSchemaTest,
 * LoadBalancerAclTest, PortMatrixTest).
 */
class TerraformTest {
  private static TfModule tf;

  @BeforeAll
  static void parse() throws Exception {
    tf = TfModule.load();
  }

  @Test
  void theModuleIsSplitIntoTheStandardFiles() {
    for (String f : List.of("variables.tf", "outputs.tf", "versions.tf", "network.tf", "loadbalancer.tf", "bridges.tf", "monitoring.tf", "images.tf")) {
      assertTrue(Files.exists(TfModule.DIR.resolve(f)), f);
    }
    assertTrue(Files.exists(TfModule.DIR.resolve("README.md")));
    for (String f : List.of("README.md", "main.tf", "variables.tf", "outputs.tf", "versions.tf")) {
      assertTrue(Files.exists(TfModule.DIR.resolve("examples/minimal").resolve(f)), "examples/minimal/" + f);
    }
  }

  @Test
  void theBridgeCountDrivesServersIpsDnsRecordsAndPrometheusTargetsTogether() {
    for (String type : List.of("scaleway_instance_server", "scaleway_instance_ip", "scaleway_domain_record")) {
      assertEquals("${var.bridge_count}", tf.resource(type, "bridge").path("count").asText(), type);
    }
    assertEquals("b${count.index + 1}", tf.resource("scaleway_domain_record", "bridge").path("name").asText());
    assertEquals("${var.name}-b${count.index + 1}", tf.resource("scaleway_instance_server", "bridge").path("name").asText(),
        "bridge[i] is named b<i+1>, like its DNS name");
    Map<String, JsonNode> locals = tf.named("locals", true);
    assertTrue(locals.get("bridges").asText().contains("range(var.bridge_count)"), locals.toString());
    assertTrue(locals.get("bridges").asText().contains("scaleway_domain_record.bridge[i]"), "bridge_url comes from the DNS record");
    String targets = locals.get("prometheus_targets").asText();
    assertTrue(targets.contains("local.bridges") && targets.contains("bridge_url") && targets.contains("region"), targets);
    Map<String, JsonNode> outputs = tf.named("output", true);
    assertTrue(outputs.get("prometheus_targets").path("value").asText().contains("local.prometheus_targets"));
    assertTrue(outputs.get("ansible_inventory").path("value").asText().contains("bridge_url"));
  }

  @Test
  void theLoadBalancerHealthCheckIsReadyzAndTheFrontendServes443WithACertificate() {
    JsonNode backend = tf.resource("scaleway_lb_backend", "api");
    assertEquals("/readyz", backend.path("health_check_http").get(0).path("uri").asText());
    assertEquals(8080, backend.path("forward_port").asInt());
    JsonNode frontend = tf.resource("scaleway_lb_frontend", "https");
    assertEquals(443, frontend.path("inbound_port").asInt());
    assertTrue(frontend.path("certificate_ids").toString().contains("scaleway_lb_certificate.site.id"));
  }

  /** Milliseconds of a duration written as Terraform and Headroom write them: 500ms, 5s, 2m. */
  private static long millis(String d) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)(ms|s|m)$").matcher(d.strip());
    assertTrue(m.matches(), "not a duration: " + d);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n;
      case "s" -> n * 1000;
      default -> n * 60_000;
    };
  }

  @Test
  void aStoppingReplicaAnswers503LongEnoughForTheLoadBalancerToNotice() throws Exception {
    JsonNode backend = tf.resource("scaleway_lb_backend", "api");
    long detection = millis(backend.path("health_check_delay").asText()) * backend.path("health_check_max_retries").asLong()
        + millis(backend.path("health_check_timeout").asText());
    JsonNode defaults = Yaml.read(Tool.ROOT.resolve("ansible/roles/headroom/defaults/main.yml"));
    org.junit.jupiter.api.Assumptions.assumeTrue(defaults.has("headroom_shutdown_delay"),
        "ansible/roles/headroom/defaults/main.yml has no headroom_shutdown_delay yet (issue 10 item 13, the Ansible half): "
            + "this check compares it with the load balancer's detection time of " + detection + " ms once it lands");
    long delay = millis(defaults.path("headroom_shutdown_delay").asText());
    assertTrue(delay >= detection, "headroom_shutdown_delay " + defaults.path("headroom_shutdown_delay").asText()
        + " is shorter than the load balancer needs to notice a replica going away (health_check_delay x max_retries + timeout = "
        + detection + " ms): requests would be dropped on every restart");
  }

  @Test
  void apiReplicasShareAMaxAvailabilityPlacementGroup() {
    assertEquals("max_availability", tf.resource("scaleway_instance_placement_group", "api").path("policy_type").asText());
    JsonNode api = tf.resource("scaleway_instance_server", "api");
    assertEquals("${var.api_count}", api.path("count").asText());
    assertEquals("${scaleway_instance_placement_group.api.id}", api.path("placement_group_id").asText());
  }

  @Test
  void aNewImageNeverReplacesRunningServersOnItsOwn() {
    for (String name : List.of("bridge", "api", "prometheus")) {
      JsonNode server = tf.resource("scaleway_instance_server", name);
      assertTrue(server.path("lifecycle").path(0).path("ignore_changes").toString().matches("\\[\"(\\$\\{)?image\\}?\"\\]"),
          name + ": an apply after a new image build would replace every server at once (cutting every meeting) without ignore_changes = [image]");
    }
  }

  @Test
  void everyVariableHasADescriptionAndATypeAndNoSecretHasADefault() {
    for (boolean module : List.of(true, false)) {
      Map<String, JsonNode> vars = tf.named("variable", module);
      assertTrue(vars.size() >= (module ? 10 : 3), vars.toString());
      vars.forEach((name, v) -> {
        assertFalse(v.path("description").asText().isBlank(), name + " has no description");
        assertFalse(v.path("type").asText().isBlank(), name + " has no type");
        if (name.matches(".*(password|secret|token|key).*")) {
          assertTrue(v.path("default").isMissingNode(), name + " is a secret with a default");
        }
        if (module) {
          assertTrue(v.has("validation"), name + " has no validation");
        }
      });
    }
    assertTrue(tf.named("variable", true).get("bridge_count").path("validation").get(0).path("condition").asText().contains(">= 0"));
  }

  @Test
  void everyOutputIsDescribed() {
    for (boolean module : List.of(true, false)) {
      tf.named("output", module).forEach((name, o) -> assertFalse(o.path("description").asText().isBlank(), name));
    }
  }

  @Test
  void theModuleHoldsNoBackendAndNoProviderWhileTheExampleRootHoldsBoth() {
    for (String f : tf.fileNames(true)) {
      JsonNode file = tf.files.path(f);
      assertTrue(file.path("provider").isMissingNode(), f + ": a module must not configure a provider (the root configuration does)");
      file.path("terraform").forEach(t -> assertTrue(t.path("backend").isMissingNode(),
          f + ": a backend in a module is ignored; the root configuration holds it"));
    }
    JsonNode root = tf.files.path("examples/minimal/versions.tf");
    JsonNode terraform = root.path("terraform").get(0);
    JsonNode pg = terraform.path("backend").path("pg");
    assertTrue(pg.isArray(), "examples/minimal keeps its state in PostgreSQL, as its README says: " + terraform);
    assertEquals(0, pg.get(0).size(), "no backend setting (let alone a password) in the repository");
    assertTrue(root.path("provider").has("scaleway"), "examples/minimal configures the scaleway provider");
    assertEquals("../..", tf.files.path("examples/minimal/main.tf").path("module").path("headroom").get(0).path("source").asText());
  }

  @Test
  void theExamplePassesEveryRequiredModuleInputAndExposesTheInventory() {
    JsonNode call = tf.files.path("examples/minimal/main.tf").path("module").path("headroom").get(0);
    tf.named("variable", true).forEach((name, v) -> {
      if (v.path("default").isMissingNode()) {
        assertTrue(call.has(name), "examples/minimal does not pass the required module input " + name);
      }
    });
    Map<String, JsonNode> outputs = tf.named("output", false);
    assertTrue(outputs.containsKey("ansible_inventory"), "docs/operations.md reads the inventory from the example's outputs");
  }

  @Test
  void noFileHoldsACredential() throws Exception {
    try (Stream<Path> all = Files.walk(TfModule.DIR)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(p);
        assertFalse(text.matches("(?s).*SCW[A-Z0-9]{17}.*"), p + " holds an access key");
        assertFalse(text.matches("(?s).*postgres://[^:\\s]+:[^<@\\s]+@.*"), p + " holds a database password");
      }
    }
  }
}
