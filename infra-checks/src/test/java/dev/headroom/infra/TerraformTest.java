package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/, parsed by a real HCL parser (@cdktf/hcl2json; no terraform binary or provider can be
 * downloaded here), checked for the structure the operations depend on.
 */
class TerraformTest {
  private static final Path TERRAFORM = Tool.ROOT.resolve("terraform");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode files;

  @BeforeAll
  static void parse() throws Exception {
    Path parser = Tool.ROOT.resolve("infra-checks/node_modules/@cdktf/hcl2json");
    if (!Files.isDirectory(parser)) {
      // First run on this checkout: install the pinned parser from package-lock.json.
      Tool npm = Tool.run(Tool.ROOT.resolve("infra-checks"), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertEquals(0, npm.exit(), "npm ci in infra-checks failed:\n" + npm.output());
    }
    List<String> command = new ArrayList<>(List.of("/usr/bin/node", Tool.ROOT.resolve("infra-checks/hcl2json.mjs").toString()));
    try (Stream<Path> tf = Files.list(TERRAFORM)) {
      tf.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> command.add(p.toString()));
    }
    command.add(TERRAFORM.resolve("examples/minimal/main.tf").toString());
    Tool t = Tool.run(TERRAFORM, command.toArray(String[]::new));
    assertEquals(0, t.exit(), t.output());
    files = JSON.readTree(t.output());
  }

  /** Every block of one kind across the module's files, e.g. resource.scaleway_lb_backend. */
  private static List<JsonNode> blocks(String kind, String type) {
    List<JsonNode> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = files.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("main.tf")) {
        continue; // the example, checked separately
      }
      JsonNode byType = f.getValue().path(kind).path(type);
      byType.fields().forEachRemaining(e -> e.getValue().forEach(out::add));
    }
    return out;
  }

  private static JsonNode resource(String type, String name) {
    for (JsonNode f : files) {
      JsonNode r = f.path("resource").path(type).path(name);
      if (r.isArray() && r.size() == 1) {
        return r.get(0);
      }
    }
    throw new AssertionError("no resource " + type + "." + name);
  }

  private static JsonNode all(String kind) {
    Map<String, JsonNode> merged = new java.util.LinkedHashMap<>();
    files.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("main.tf")) {
        f.getValue().path(kind).fields().forEachRemaining(e -> merged.put(e.getKey(), e.getValue().get(0)));
      }
    });
    return JSON.valueToTree(merged);
  }

  @Test
  void theModuleIsSplitIntoTheStandardFiles() {
    for (String f : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "network.tf", "loadbalancer.tf", "bridges.tf", "monitoring.tf")) {
      assertTrue(Files.exists(TERRAFORM.resolve(f)) || f.equals("main.tf"), f);
    }
    assertTrue(Files.exists(TERRAFORM.resolve("README.md")));
    assertTrue(Files.exists(TERRAFORM.resolve("examples/minimal/README.md")));
  }

  @Test
  void theBridgeCountDrivesServersIpsDnsRecordsAndPrometheusTargetsTogether() {
    for (String type : List.of("scaleway_instance_server", "scaleway_instance_ip", "scaleway_domain_record")) {
      assertEquals("${var.bridge_count}", resource(type, "bridge").path("count").asText(), type);
    }
    assertEquals("b${count.index + 1}", resource("scaleway_domain_record", "bridge").path("name").asText());
    JsonNode locals = files.path("bridges.tf").path("locals").get(0);
    assertTrue(locals.path("bridges").asText().contains("range(var.bridge_count)"), locals.toString());
    assertTrue(locals.path("bridges").asText().contains("scaleway_domain_record.bridge[i]"), "bridge_url comes from the DNS record");
    String targets = locals.path("prometheus_targets").asText();
    assertTrue(targets.contains("local.bridges") && targets.contains("bridge_url") && targets.contains("region"), targets);
    assertTrue(all("output").path("prometheus_targets").path("value").asText().contains("local.prometheus_targets"));
    assertTrue(all("output").path("ansible_inventory").path("value").asText().contains("bridge_url"));
  }

  @Test
  void theLoadBalancerHealthCheckIsReadyzAndTheFrontendServes443WithACertificate() {
    JsonNode backend = resource("scaleway_lb_backend", "api");
    assertEquals("/readyz", backend.path("health_check_http").get(0).path("uri").asText());
    assertEquals(8080, backend.path("forward_port").asInt());
    JsonNode frontend = resource("scaleway_lb_frontend", "https");
    assertEquals(443, frontend.path("inbound_port").asInt());
    assertTrue(frontend.path("certificate_ids").toString().contains("scaleway_lb_certificate.site.id"));
    JsonNode acl = frontend.path("acl").get(0);
    assertEquals("deny", acl.path("action").get(0).path("type").asText());
    JsonNode match = acl.path("match").get(0);
    assertEquals("${var.control_cidrs}", match.path("ip_subnet").asText());
    assertTrue(match.path("invert").asBoolean());
    assertEquals(List.of("/metrics", "/bridges"), List.of(match.path("http_filter_value").get(0).asText(), match.path("http_filter_value").get(1).asText()));
  }

  @Test
  void apiReplicasShareAMaxAvailabilityPlacementGroup() {
    assertEquals("max_availability", resource("scaleway_instance_placement_group", "api").path("policy_type").asText());
    JsonNode api = resource("scaleway_instance_server", "api");
    assertEquals("${var.api_count}", api.path("count").asText());
    assertEquals("${scaleway_instance_placement_group.api.id}", api.path("placement_group_id").asText());
  }

  @Test
  void theBridgeSecurityGroupOpensExactlyTheListedPorts() {
    JsonNode sg = resource("scaleway_instance_security_group", "bridge");
    assertEquals("drop", sg.path("inbound_default_policy").asText());
    Set<String> open = new HashSet<>();
    for (JsonNode rule : sg.path("inbound_rule")) {
      assertEquals("accept", rule.path("action").asText());
      assertTrue(rule.path("ip_range").isMissingNode(), "public ports are open to everyone: " + rule);
      open.add(rule.path("port").asInt() + "/" + rule.path("protocol").asText());
    }
    assertEquals(Set.of("443/TCP", "10000/UDP", "3478/UDP", "5349/TCP"), open);
    Set<String> restricted = new HashSet<>();
    for (JsonNode d : sg.path("dynamic").path("inbound_rule")) {
      JsonNode rule = d.path("content").get(0);
      restricted.add(rule.path("port").asInt() + "/" + rule.path("protocol").asText() + " from " + d.path("for_each").asText());
      assertEquals("${inbound_rule.value}", rule.path("ip_range").asText());
    }
    assertEquals(Set.of("22/TCP from ${var.control_cidrs}", "9100/TCP from ${local.scrape_cidrs}"), restricted);
    assertTrue(files.path("network.tf").path("locals").get(0).path("scrape_cidrs").asText().startsWith("${concat(var.control_cidrs"));
  }

  @Test
  void everyVariableHasADescriptionAndATypeAndNoSecretHasADefault() {
    JsonNode vars = all("variable");
    assertTrue(vars.size() >= 10, vars.toString());
    vars.fields().forEachRemaining(e -> {
      String name = e.getKey();
      JsonNode v = e.getValue();
      assertFalse(v.path("description").asText().isBlank(), name + " has no description");
      assertFalse(v.path("type").asText().isBlank(), name + " has no type");
      if (name.matches(".*(password|secret|token|key).*")) {
        assertTrue(v.path("default").isMissingNode(), name + " is a secret with a default");
      }
    });
    for (String validated : List.of("bridge_count", "api_count", "region", "zone", "control_cidrs", "domain")) {
      assertTrue(vars.path(validated).has("validation"), validated + " has no validation");
    }
    assertTrue(vars.path("bridge_count").path("validation").get(0).path("condition").asText().contains(">= 0"));
  }

  @Test
  void everyOutputIsDescribed() {
    all("output").fields().forEachRemaining(e -> assertFalse(e.getValue().path("description").asText().isBlank(), e.getKey()));
  }

  @Test
  void stateLivesInAPartialPgBackendAndTheProviderIsPinned() {
    JsonNode terraform = files.path("versions.tf").path("terraform").get(0);
    JsonNode pg = terraform.path("backend").path("pg");
    assertTrue(pg.isArray(), terraform.toString());
    assertEquals(0, pg.get(0).size(), "no backend setting (let alone a password) in the repository");
    JsonNode provider = terraform.path("required_providers").get(0).path("scaleway");
    assertEquals("scaleway/scaleway", provider.path("source").asText());
    assertFalse(provider.path("version").asText().isBlank());
    assertFalse(terraform.path("required_version").asText().isBlank());
  }

  @Test
  void noFileHoldsACredential() throws Exception {
    try (Stream<Path> all = Files.walk(TERRAFORM)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(p);
        assertFalse(text.matches("(?s).*SCW[A-Z0-9]{17}.*"), p + " holds an access key");
        assertFalse(text.matches("(?s).*postgres://[^:\\s]+:[^<@\\s]+@.*"), p + " holds a database password");
      }
    }
  }
}
