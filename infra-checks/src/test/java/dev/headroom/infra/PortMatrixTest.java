package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every flow the fleet needs, derived from the fleet code itself, checked against the security
 * groups as Terraform would build them, both ways: each flow is allowed by the group of the host it
 * lands on, from the right source, and no rule opens anything no flow needs.
 *
 * <p>Where the flows come from: Prometheus's scrape targets from the prometheus role rendered by
 * Ansible over the example inventory (every job, file_sd and static); node_exporter on every host
 * whose playbook applies that role; the bridges' public ports from the jitsi role (env.j2 and
 * defaults) with the protocols docker-jitsi-meet stable-9955 publishes them on; the load balancer's
 * backend and health check ports; the replicas' Prometheus URL from the generated inventory; SSH
 * and the Prometheus UI from the control networks.
 */
class PortMatrixTest {
  private static final Path ANSIBLE = Tool.ROOT.resolve("ansible");
  private static final Map<String, String> ENV = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_FORCE_COLOR", "0", "NO_COLOR", "1");
  private static final String ANYWHERE = "0.0.0.0/0";
  private static final List<String> CONTROL = List.of("203.0.113.0/24", "2001:db8:1::/48");
  private static final String PROMETHEUS_IP = "198.18.0.31";
  private static final String LB_IP = "198.18.0.100";
  private static final List<String> API_IPS = List.of("198.18.0.21", "198.18.0.22");
  private static final List<String> BRIDGE_IPS = List.of("198.18.0.11", "198.18.0.12");
  /** Inventory group (terraform/outputs.tf ansible_inventory) to the server resource its hosts are. */
  private static final Map<String, String> GROUP_SERVER = Map.of("bridges", "bridge", "api", "api", "monitoring", "prometheus");

  /** One rule or flow: reaching {@code port}/{@code protocol} on hosts of security group {@code sg} from {@code source}. */
  record Opening(String sg, String protocol, int port, String source) implements Comparable<Opening> {
    @Override
    public String toString() {
      return sg + ": " + port + "/" + protocol + " from " + source;
    }

    @Override
    public int compareTo(Opening o) {
      return toString().compareTo(o.toString());
    }
  }

  private static TfModule tf;
  private static TfEval eval;
  /** Security group resource name of each server resource. */
  private static final Map<String, String> serverSg = new HashMap<>();
  /** Inventory group of each example inventory address. */
  private static final Map<String, String> inventoryGroup = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    tf = TfModule.load();
    Map<String, Object> facts = new HashMap<>();
    facts.put("var.control_cidrs", CONTROL);
    facts.put("scaleway_instance_ip.prometheus", Map.of("address", PROMETHEUS_IP));
    facts.put("scaleway_lb_ip.main", Map.of("ip_address", LB_IP));
    facts.put("scaleway_instance_ip.api", API_IPS.stream().map(a -> Map.of("address", a)).toList());
    facts.put("scaleway_instance_ip.bridge", BRIDGE_IPS.stream().map(a -> Map.of("address", a)).toList());
    eval = new TfEval(facts, tf.named("locals", true));
    for (String server : GROUP_SERVER.values()) {
      String sg = tf.resource("scaleway_instance_server", server).path("security_group_id").asText();
      Matcher m = Pattern.compile("\\$\\{scaleway_instance_security_group\\.(\\w+)\\.id\\}").matcher(sg);
      assertTrue(m.matches(), "scaleway_instance_server." + server + " has no security group of its own: " + sg);
      serverSg.put(server, m.group(1));
    }
    JsonNode inventory = Yaml.read(ANSIBLE.resolve("inventory/hosts.example.yml"));
    inventory.path("all").path("children").fields().forEachRemaining(g ->
        g.getValue().path("hosts").forEach(h -> inventoryGroup.put(h.path("ansible_host").asText(), g.getKey())));
  }

  /** The rules the security groups hold, evaluated (dynamic blocks expanded). */
  private static Set<Opening> rules() {
    Set<Opening> out = new TreeSet<>();
    for (TfModule.Block b : tf.blocks(true)) {
      if (!b.type().equals("scaleway_instance_security_group")) {
        continue;
      }
      assertEquals("drop", b.body().path("inbound_default_policy").asText(), b.address() + " must drop what no rule accepts");
      assertTrue(b.body().path("stateful").asBoolean(), b.address() + " must be stateful so replies to outbound traffic come back");
      for (JsonNode rule : b.body().path("inbound_rule")) {
        out.add(opening(b.name(), rule, Map.of()));
      }
      for (JsonNode dyn : b.body().path("dynamic").path("inbound_rule")) {
        for (Object value : TfEval.list(eval.value(dyn.path("for_each"), Map.of()), dyn.path("for_each").asText())) {
          out.add(opening(b.name(), dyn.path("content").get(0), Map.of("inbound_rule", Map.of("value", value))));
        }
      }
    }
    return out;
  }

  private static Opening opening(String sg, JsonNode rule, Map<String, Object> scope) {
    assertEquals("accept", rule.path("action").asText(), sg + ": only accept rules over a drop policy: " + rule);
    assertTrue(rule.path("port_range").isMissingNode(), sg + ": port ranges are not expected: " + rule);
    Object range = eval.value(rule.path("ip_range"), scope);
    String source = range == null ? ANYWHERE : String.valueOf(range);
    if (!source.contains("/")) {
      source = source + (source.contains(":") ? "/128" : "/32");
    }
    return new Opening(sg, rule.path("protocol").asText(), Integer.parseInt(String.valueOf(eval.value(rule.path("port"), scope))), source);
  }

  private static Map<Opening, String> flows;

  /** Every flow the fleet needs, with why (derived once: it renders the Prometheus role). */
  private static synchronized Map<Opening, String> flows() throws Exception {
    if (flows == null) {
      flows = deriveFlows();
    }
    return flows;
  }

  private static Map<Opening, String> deriveFlows() throws Exception {
    Map<Opening, String> out = new TreeMap<>();
    String prometheus = PROMETHEUS_IP + "/32";
    String lb = LB_IP + "/32";
    // Operators: SSH (Ansible) everywhere, the Prometheus UI.
    for (String server : GROUP_SERVER.values()) {
      for (String c : CONTROL) {
        out.put(new Opening(serverSg.get(server), "TCP", 22, c), "Ansible and operators reach " + server + " over SSH");
      }
    }
    for (String c : CONTROL) {
      out.put(new Opening(serverSg.get("prometheus"), "TCP", 9090, c), "operators read Prometheus (docs/operations.md)");
    }
    // Prometheus's scrape targets as the prometheus role renders them.
    for (Map.Entry<String, String> t : scrapeTargets().entrySet()) {
      String[] hostPort = t.getKey().split(":");
      if (hostPort[0].equals("localhost") || hostPort[0].startsWith("127.")) {
        continue;
      }
      String group = inventoryGroup.get(hostPort[0]);
      assertTrue(group != null && GROUP_SERVER.containsKey(group), "scrape target " + t.getKey() + " is no host of the example inventory's groups");
      out.put(new Opening(serverSg.get(GROUP_SERVER.get(group)), "TCP", Integer.parseInt(hostPort[1]), prometheus),
          "Prometheus job " + t.getValue() + " scrapes " + group + " on " + hostPort[1]);
    }
    // node_exporter wherever a playbook applies the role: it is there to be scraped.
    int nodeExporterPort = Yaml.read(ANSIBLE.resolve("roles/node_exporter/defaults/main.yml")).path("node_exporter_port").asInt();
    for (Map.Entry<String, List<String>> p : playbookRoles().entrySet()) {
      if (p.getValue().contains("node_exporter")) {
        out.put(new Opening(serverSg.get(GROUP_SERVER.get(p.getKey())), "TCP", nodeExporterPort, prometheus),
            "node_exporter runs on " + p.getKey() + " for Prometheus");
      }
      if (p.getValue().contains("jitsi")) {
        jitsiPublicPorts().forEach((port, why) -> out.put(
            new Opening(serverSg.get(GROUP_SERVER.get(p.getKey())), port.split("/")[1], Integer.parseInt(port.split("/")[0]), ANYWHERE), why));
      }
    }
    // The load balancer's backend traffic and health checks.
    JsonNode backend = tf.resource("scaleway_lb_backend", "api");
    String backendSg = sgOfAddresses(TfEval.list(eval.value(backend.path("server_ips"), Map.of()), "server_ips"));
    out.put(new Opening(backendSg, "TCP", backend.path("forward_port").asInt(), lb), "the load balancer forwards to its backend");
    int healthPort = backend.path("health_check_port").asInt(backend.path("forward_port").asInt());
    out.put(new Opening(backendSg, "TCP", healthPort, lb), "the load balancer's health check");
    // The replicas query Prometheus at the URL the generated inventory gives them.
    String inventory = tf.named("output", true).get("ansible_inventory").path("value").asText();
    Matcher url = Pattern.compile("headroom_prometheus_url\\s*=\\s*\"https?://\\$\\{scaleway_instance_ip\\.(\\w+)\\.address\\}:(\\d+)").matcher(inventory);
    assertTrue(url.find(), "the inventory gives the replicas headroom_prometheus_url on a Terraform-managed address: " + inventory);
    for (String api : API_IPS) {
      out.put(new Opening(serverSg.get(url.group(1)), "TCP", Integer.parseInt(url.group(2)), api + "/32"), "Headroom replicas poll Prometheus");
    }
    return out;
  }

  private static String sgOfAddresses(List<?> addresses) {
    TreeSet<String> sgs = new TreeSet<>();
    for (Object a : addresses) {
      String owner = API_IPS.contains(a) ? "api" : BRIDGE_IPS.contains(a) ? "bridge" : PROMETHEUS_IP.equals(a) ? "prometheus" : null;
      assertTrue(owner != null, "the load balancer forwards to " + a + ", no server of the module");
      sgs.add(serverSg.get(owner));
    }
    assertEquals(1, sgs.size(), "the backend's servers share one security group: " + sgs);
    return sgs.first();
  }

  /** target "host:port" to its job, from the prometheus role rendered over the example inventory. */
  private static Map<String, String> scrapeTargets() throws Exception {
    Path dir = Files.createTempDirectory("port-matrix-prometheus");
    Tool render = Tool.run(ANSIBLE, ENV, "ansible-playbook", "-i", "inventory/hosts.example.yml", "tests/render-prometheus.yml", "-e", "render_dir=" + dir);
    assertEquals(0, render.exit(), render.output());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode job : Yaml.read(dir.resolve("prometheus.yml")).path("scrape_configs")) {
      String name = job.path("job_name").asText();
      for (JsonNode sc : job.path("static_configs")) {
        sc.path("targets").forEach(t -> out.put(t.asText(), name));
      }
      for (JsonNode fsd : job.path("file_sd_configs")) {
        for (JsonNode file : fsd.path("files")) {
          Path rendered = Path.of(file.asText());
          assertTrue(Files.exists(rendered), "job " + name + " reads " + rendered + ", which the role does not render");
          for (JsonNode group : Yaml.read(rendered)) {
            group.path("targets").forEach(t -> out.put(t.asText(), name));
          }
        }
      }
      assertTrue(job.path("dns_sd_configs").isMissingNode() && job.path("scaleway_sd_configs").isMissingNode(),
          "job " + name + ": teach the port matrix this service discovery");
    }
    assertTrue(out.size() > 1, "no scrape target rendered: " + out);
    return out;
  }

  /** Each image/host playbook's default group and the roles it applies. */
  private static Map<String, List<String>> playbookRoles() throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (String playbook : List.of("bridge.yml", "api.yml", "monitoring.yml")) {
      for (JsonNode play : Yaml.read(ANSIBLE.resolve(playbook))) {
        if (play.has("ansible.builtin.import_playbook")) {
          continue; // checks/hosts-matched.yml: runs on the controller, opens no port
        }
        Matcher m = Pattern.compile("default\\(['\"](\\w+)['\"]\\)|^(\\w+)$").matcher(play.path("hosts").asText());
        assertTrue(m.find(), playbook + ": cannot tell which group the play targets: " + play.path("hosts"));
        String group = m.group(1) != null ? m.group(1) : m.group(2);
        List<String> roles = new ArrayList<>();
        play.path("roles").forEach(r -> roles.add(r.isTextual() ? r.asText() : r.path("role").asText()));
        out.computeIfAbsent(group, g -> new ArrayList<>()).addAll(roles);
      }
    }
    return out;
  }

  /**
   * "port/PROTOCOL" to why, for the ports a bridge publishes: docker-jitsi-meet stable-9955
   * publishes web on HTTP_PORT and HTTPS_PORT (tcp) and JVB on JVB_PORT (udp); coturn listens on
   * TURN_PORT over udp and tcp and on TURNS_PORT over tls (tcp). Values from the jitsi role.
   */
  private static Map<String, String> jitsiPublicPorts() throws Exception {
    JsonNode defaults = Yaml.read(ANSIBLE.resolve("roles/jitsi/defaults/main.yml"));
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(ANSIBLE.resolve("roles/jitsi/templates/env.j2"))) {
      Matcher m = Pattern.compile("^([A-Z_]+)=(.*)$").matcher(line.strip());
      if (m.matches()) {
        String v = m.group(2).strip();
        Matcher var = Pattern.compile("^\\{\\{\\s*(\\w+)\\s*}}$").matcher(v);
        env.put(m.group(1), var.matches() ? defaults.path(var.group(1)).asText() : v);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    put(out, env, "HTTP_PORT", "TCP", "Let's Encrypt (acme.sh standalone) and the HTTPS redirect");
    put(out, env, "HTTPS_PORT", "TCP", "the Jitsi Meet web page");
    put(out, env, "JVB_PORT", "UDP", "JVB media");
    put(out, env, "TURN_PORT", "UDP", "TURN over UDP");
    put(out, env, "TURN_PORT", "TCP", "TURN over TCP (prosody's default TURN transport)");
    put(out, env, "TURNS_PORT", "TCP", "TURN over TLS");
    return out;
  }

  private static void put(Map<String, String> out, Map<String, String> env, String key, String protocol, String why) {
    String port = env.get(key);
    assertTrue(port != null && port.matches("\\d+"), "roles/jitsi/templates/env.j2 sets no numeric " + key + ": " + port);
    out.put(port + "/" + protocol, why + " (" + key + ")");
  }

  @Test
  void everyFlowTheFleetNeedsIsAllowedFromItsSourceAndNothingElseIsOpen() throws Exception {
    Map<Opening, String> needed = flows();
    Set<Opening> rules = rules();
    List<String> problems = new ArrayList<>();
    needed.forEach((f, why) -> {
      if (!rules.contains(f)) {
        problems.add("closed: " + f + " (" + why + ")");
      }
    });
    for (Opening r : rules) {
      if (!needed.containsKey(r)) {
        problems.add("open for nothing: " + r);
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void theMatrixCoversEveryKindOfFlow() throws Exception {
    String all = flows().toString();
    for (String expected : List.of("bridge: 443/TCP from 0.0.0.0/0", "bridge: 80/TCP from 0.0.0.0/0", "bridge: 10000/UDP from 0.0.0.0/0",
        "bridge: 3478/TCP from 0.0.0.0/0", "bridge: 3478/UDP from 0.0.0.0/0", "bridge: 5349/TCP from 0.0.0.0/0",
        "bridge: 9100/TCP from " + PROMETHEUS_IP + "/32", "api: 8080/TCP from " + PROMETHEUS_IP + "/32",
        "api: 8080/TCP from " + LB_IP + "/32", "prometheus: 9090/TCP from " + API_IPS.get(0) + "/32")) {
      assertTrue(all.contains(expected + "="), "the derived flows miss " + expected + ":\n" + all);
    }
  }
}
