package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The jitsi role's docker-jitsi-meet stack as compose will really run it: the role's templates are
 * rendered by Ansible (tests/render-jitsi.yml), a base compose file is built from the facts about the
 * pinned release (src/test/resources/docker-jitsi-meet-stable-9955.json), and Debian's docker-compose
 * merges the two with `config`, which needs no Docker engine. The checks read that merged result.
 *
 * <p>What this cannot show, since no container runs here: that the images start with this
 * configuration, that acme.sh gets a certificate, that JVB's media flows through the published port
 * with the advertised address, that the gateway's nginx accepts the fleet certificate and the
 * sha512-crypt password, and that coturn relays. The first bridge brought up by bridge.yml shows
 * those: the role's start task fails on a container that exits, and Prometheus's `up` for the
 * {@code jvb} and {@code bridge-nginx} jobs (and the BridgeDown alert) shows a gateway that does not
 * answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JitsiComposeTest {
  private static final Path ANSIBLE = Tool.ROOT.resolve("ansible");
  private static final Map<String, String> ENV = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_FORCE_COLOR", "0", "NO_COLOR", "1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLIC_IP = "192.0.2.11";

  private JsonNode facts;
  private JsonNode defaults;
  private Path renderDir;
  private Path project;
  private Map<String, String> envFile;
  private JsonNode merged;
  private String renderOutput;

  @BeforeAll
  void renderTheRoleAndMergeItWithTheRelease() throws Exception {
    facts = JSON.readTree(getClass().getResource("/docker-jitsi-meet-stable-9955.json"));
    defaults = Yaml.read(ANSIBLE.resolve("roles/jitsi/defaults/main.yml"));
    renderDir = Files.createTempDirectory("rendered-jitsi");
    Tool render = render(renderDir, "-v");
    assertEquals(0, render.exit(), render.output());
    renderOutput = render.output();
    project = renderDir.resolve("releases").resolve(facts.path("release").asText());
    envFile = readEnvFile(project.resolve(".env"));
    Files.writeString(project.resolve("docker-compose.yml"), JSON.writeValueAsString(baseComposeFile()));
    Tool config = Tool.run(project, ENV, "docker-compose", "--project-directory", project.toString(),
        "-f", "docker-compose.yml", "-f", "docker-compose.override.yml", "config");
    assertEquals(0, config.exit(), "docker-compose rejects the merged stack:\n" + config.output());
    Path mergedFile = renderDir.resolve("merged-compose.yml");
    Files.writeString(mergedFile, config.output().substring(Math.max(0, config.output().indexOf("networks:"))));
    merged = Yaml.read(mergedFile);
  }

  @Test
  void noServiceOfTheMergedStackCombinesNetworkModeWithNetworks() {
    services().forEachRemaining(e -> assertFalse(e.getValue().has("network_mode") && e.getValue().has("networks"),
        "service " + e.getKey() + " has network_mode " + e.getValue().path("network_mode") + " beside networks "
            + e.getValue().path("networks") + ": compose rejects that"));
  }

  @Test
  void everyContainerOfTheReleaseGetsEveryVariableItNeedsToStartNonEmpty() {
    for (Iterator<Map.Entry<String, JsonNode>> it = facts.path("services").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> service = it.next();
      JsonNode env = merged.path("services").path(service.getKey()).path("environment");
      assertTrue(merged.path("services").has(service.getKey()), "the merged stack lacks " + service.getKey());
      List<String> required = new ArrayList<>();
      service.getValue().path("requiredVariables").forEach(v -> required.add(v.asText()));
      service.getValue().path("requiredVariablesWhen").fields().forEachRemaining(when -> {
        String[] condition = when.getKey().split("=", 2);
        if (condition[1].equals(env.path(condition[0]).asText(null))) {
          when.getValue().forEach(v -> required.add(v.asText()));
        }
      });
      for (String variable : required) {
        String value = env.path(variable).asText("");
        assertFalse(value.isBlank(), service.getKey() + " exits at start without " + variable + " ("
            + service.getValue().path("requiredBecause").asText() + "), and the rendered stack leaves it empty");
        facts.path("forbiddenValues").fieldNames().forEachRemaining(bad ->
            assertNotEquals(bad, value, service.getKey() + " refuses " + variable + "=" + bad));
      }
    }
    for (JsonNode variable : facts.path("composeInterpolationWithoutDefault")) {
      assertFalse(envFile.getOrDefault(variable.asText(), "").isBlank(),
          "docker-compose.yml interpolates ${" + variable.asText() + "} without a default; the rendered .env leaves it empty");
    }
  }

  @Test
  void everyVariableTheEnvironmentFileSetsIsReadByThePinnedRelease() {
    Set<String> read = new TreeSet<>(List.of("COMPOSE_PROJECT_NAME"));
    facts.path("services").forEach(s -> s.path("variablesRead").forEach(v -> read.add(v.asText())));
    Matcher interpolated = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(facts.path("services").toString());
    while (interpolated.find()) {
      read.add(interpolated.group(1));
    }
    for (String variable : envFile.keySet()) {
      assertTrue(read.contains(variable), variable + " is set in the rendered .env but docker-jitsi-meet "
          + facts.path("release").asText() + " never reads it" + facts.path("notRead").path(variable).asText("").transform(w -> w.isEmpty() ? "" : ": " + w));
    }
  }

  @Test
  void jvbsPrivateRestPortIsPublishedOnLoopbackOnlyAndTheGatewayServesNothingButMetrics() throws IOException {
    int jvbRest = facts.path("jvb").path("privateHttpPort").asInt();
    for (Port port : ports("jvb")) {
      if (port.target() == jvbRest) {
        assertEquals("127.0.0.1", port.hostIp(), "JVB's REST port (/colibri/drain, /metrics) is published on " + port);
        assertEquals(defaults.path("jitsi_jvb_rest_port").asInt(), port.published(), "drain.yml reaches JVB at jitsi_jvb_rest_port");
      }
    }
    String gateway = Files.readString(project.resolve("metrics-gateway.conf"));
    List<String> locations = new ArrayList<>();
    Matcher location = Pattern.compile("location\\s+(=\\s+)?(\\S+)\\s*\\{\\s*([^}]*)\\}").matcher(gateway);
    while (location.find()) {
      if (!location.group(3).contains("return 404")) {
        locations.add(location.group(2) + " -> " + location.group(3).trim());
      }
    }
    assertEquals(List.of("/jvb/metrics -> proxy_pass http://$jvb:" + jvbRest + "/metrics;",
        "/nginx/metrics -> proxy_pass http://$exporter:" + defaults.path("jitsi_nginx_exporter_port").asInt() + "/metrics;"), locations,
        "the metrics gateway must pass on JVB's /metrics and the exporter's, and nothing else (no /colibri)");
    assertTrue(gateway.contains("auth_basic_user_file") && gateway.contains(" ssl;"), "the gateway needs TLS and basic auth:\n" + gateway);
  }

  @Test
  void theGatewaysPasswordFileLetsPrometheusInWithTheMetricsPasswordAndOnlyNginxWorkersReadIt() throws Exception {
    Path htpasswd = project.resolve("metrics.htpasswd");
    String[] entry = Files.readString(htpasswd).trim().split(":", 2);
    assertEquals("prometheus", entry[0], "the gateway's user is node_exporter's, which Prometheus already sends");
    Matcher crypt = Pattern.compile("\\$6\\$([./0-9A-Za-z]{1,16})\\$[./0-9A-Za-z]{86}").matcher(entry[1]);
    assertTrue(crypt.matches(), "nginx's auth_basic needs a crypt(3) hash; sha512-crypt at the default cost: " + entry[1]);
    Tool openssl = Tool.run(project, Map.of(), "openssl", "passwd", "-6", "-salt", crypt.group(1), "example-metrics-password-for-rendering");
    assertEquals(0, openssl.exit(), openssl.output());
    assertEquals(entry[1], openssl.output().trim(), "the hash does not verify against jitsi_metrics_password");
    assertEquals(defaults.path("jitsi_metrics_nginx_gid").asInt(), Files.getAttribute(htpasswd, "unix:gid"), "nginx's workers read it");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(htpasswd)), "nobody else reads it");
  }

  @Test
  void thePortsInTheRoleDefaultsAreExactlyThePortsTheBridgeOpens() throws IOException {
    Set<String> open = new TreeSet<>();
    services().forEachRemaining(service -> ports(service.getKey()).forEach(p -> {
      if (!p.hostIp().startsWith("127.")) {
        open.add(p.published() + "/" + p.protocol());
      }
    }));
    JsonNode coturn = merged.path("services").path("coturn");
    assertEquals("host", coturn.path("network_mode").asText(), "coturn runs on the host network (TURN relay range)");
    Map<String, String> turn = readEnvFile(renderDir.resolve("config/coturn/turnserver.conf"));
    open.add(turn.get("listening-port") + "/udp");
    open.add(turn.get("listening-port") + "/tcp");
    open.add(turn.get("tls-listening-port") + "/tcp");
    Set<String> expected = new TreeSet<>(List.of(
        port("jitsi_http_port", "tcp"), port("jitsi_https_port", "tcp"), port("jitsi_jvb_port", "udp"),
        port("jitsi_turn_port", "udp"), port("jitsi_turn_port", "tcp"), port("jitsi_turns_port", "tcp"),
        port("jitsi_metrics_port", "tcp")));
    assertEquals(expected, open, "ports open on the bridge's public interface vs the role's defaults");
  }

  @Test
  void jvbResolvesTheXmppServerAndAdvertisesTheBridgesPublicAddress() {
    JsonNode jvb = merged.path("services").path("jvb");
    JsonNode prosody = merged.path("services").path("prosody");
    String xmpp = jvb.path("environment").path("XMPP_SERVER").asText("xmpp.meet.jitsi");
    List<String> shared = new ArrayList<>();
    jvb.path("networks").fieldNames().forEachRemaining(network -> {
      for (JsonNode alias : prosody.path("networks").path(network).path("aliases")) {
        if (alias.asText().equals(xmpp)) {
          shared.add(network);
        }
      }
    });
    assertFalse(shared.isEmpty(), "JVB looks up " + xmpp + " but shares no network where prosody carries that alias: jvb "
        + jvb.path("networks") + jvb.path("network_mode") + ", prosody " + prosody.path("networks"));
    assertEquals(PUBLIC_IP, jvb.path("environment").path("JVB_ADVERTISE_IPS").asText(),
        "behind Docker's port mapping JVB must advertise the bridge's public address");
    assertTrue(ports("jvb").contains(new Port("", defaults.path("jitsi_jvb_port").asInt(), defaults.path("jitsi_jvb_port").asInt(), "udp")),
        "JVB publishes its media port on every interface: " + ports("jvb"));
  }

  @Test
  void theStackRefusesToStartWithoutItsPasswordsAndNeverPrintsThem() throws Exception {
    Path dir = Files.createTempDirectory("rendered-jitsi-nopassword");
    Tool t = render(dir, "-e", "jitsi_jvb_auth_password=");
    assertNotEquals(0, t.exit(), t.output());
    assertTrue(t.output().contains("jitsi_jvb_auth_password must be set from the vault"), t.output());
    assertFalse(Files.exists(dir.resolve("releases/stable-9955/.env")), "no .env may be written without the passwords");
    for (String secret : List.of("example-jvb-password", "example-jicofo-password", "example-turn-secret", "example-metrics-password")) {
      assertFalse(t.output().contains(secret) || renderOutput.contains(secret), "a secret reached Ansible's (verbose) output: " + secret);
    }
  }

  @Test
  void renderingTheStackASecondTimeChangesNothing() throws Exception {
    Tool again = render(renderDir);
    assertEquals(0, again.exit(), again.output());
    assertTrue(again.output().contains("changed=0"), "a second run must not rewrite (and so recreate) anything:\n" + again.output());
  }

  @Test
  void aNewJitsiReleaseIsDownloadedAndBecomesCurrent() throws Exception {
    Path dir = Files.createTempDirectory("jitsi-releases");
    for (String release : List.of("stable-1", "stable-2")) {
      Path tarball = fakeRelease(dir, release);
      Tool t = render(dir.resolve("bridge"), "-e", "render_release=true", "-e", "jitsi_release=" + release, "-e", "jitsi_release_url=" + tarball);
      assertEquals(0, t.exit(), t.output());
      Path current = dir.resolve("bridge/current");
      assertEquals(dir.resolve("bridge/releases/" + release), Files.readSymbolicLink(current), "current after " + release);
      assertEquals("# " + release + "\n", Files.readString(current.resolve("docker-compose.yml")), "unpacked compose file of " + release);
    }
  }

  @Test
  void coturnsUserCanReadItsConfigurationAndTheCertificateCopiesButOnlyThose() throws Exception {
    int coturn = defaults.path("jitsi_coturn_uid").asInt();
    Path conf = renderDir.resolve("config/coturn/turnserver.conf");
    assertEquals(coturn, Files.getAttribute(conf, "unix:uid"), "turnserver.conf must belong to coturn's user");
    assertEquals(coturn, Files.getAttribute(renderDir.resolve("config/coturn/certs"), "unix:uid"), "coturn's certificate directory");
    assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)),
        "turnserver.conf holds the TURN secret: coturn's user only");
    // acme.sh's key as the web container leaves it, then the role's unit run for real.
    Path dir = Files.createTempDirectory("coturn-certs");
    Path acme = Files.createDirectories(dir.resolve("web/acme-certs/b1.example.com"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path owned : List.of(Files.createDirectories(dir.resolve("coturn")), Files.createDirectories(dir.resolve("coturn/certs")))) {
      Files.setAttribute(owned, "unix:uid", coturn); // as the role creates them
      Files.setAttribute(owned, "unix:gid", coturn);
      Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rwx------"));
    }
    Files.writeString(acme.resolve("key.pem"), "test key\n");
    Files.writeString(acme.resolve("fullchain.pem"), "test chain\n");
    Files.setPosixFilePermissions(acme.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
    Path unit = dir.resolve("jitsi-coturn-certs.service");
    Tool rendered = Tool.run(ANSIBLE, ENV, "ansible", "localhost", "-c", "local", "-m", "ansible.builtin.template",
        "-a", "src=roles/jitsi/templates/jitsi-coturn-certs.service.j2 dest=" + unit,
        "-e", "jitsi_coturn_uid=" + coturn, "-e", "jitsi_config_dir=" + dir, "-e", "jitsi_domain=b1.example.com", "-e", "jitsi_dir=" + dir);
    assertEquals(0, rendered.exit(), rendered.output());
    int installs = 0;
    for (String line : Files.readAllLines(unit)) {
      if (line.startsWith("ExecStart=/usr/bin/install ")) {
        Tool run = Tool.run(dir, Map.of(), line.substring("ExecStart=".length()).split(" "));
        assertEquals(0, run.exit(), line + "\n" + run.output());
        installs++;
      }
    }
    assertEquals(2, installs, "the unit copies the key and the chain:\n" + Files.readString(unit));
    for (String file : List.of("key.pem", "fullchain.pem")) {
      Tool read = Tool.run(dir, Map.of(), "setpriv", "--reuid=" + coturn, "--regid=" + coturn, "--clear-groups", "cat", dir.resolve("coturn/certs/" + file).toString());
      assertEquals(0, read.exit(), "coturn's user cannot read its copy of " + file + ": " + read.output());
    }
    Tool original = Tool.run(dir, Map.of(), "setpriv", "--reuid=" + coturn, "--regid=" + coturn, "--clear-groups", "cat", acme.resolve("key.pem").toString());
    assertNotEquals(0, original.exit(), "acme.sh's key is root-only: the reason coturn gets a copy");
    String turnserver = Files.readString(conf);
    assertTrue(turnserver.contains("pkey=/etc/coturn/certs/key.pem") && turnserver.contains("cert=/etc/coturn/certs/fullchain.pem"),
        "coturn reads the copies, not acme.sh's root-only key:\n" + turnserver);
  }

  @Test
  void prometheusScrapesJvbAndTheNginxExporterThroughTheGatewayWithTheBridgeLabels() throws Exception {
    Path dir = Files.createTempDirectory("rendered-prometheus-jitsi");
    Tool t = Tool.run(ANSIBLE, ENV, "ansible-playbook", "-i", "inventory/hosts.example.yml", "tests/render-prometheus.yml", "-e", "render_dir=" + dir);
    assertEquals(0, t.exit(), t.output());
    JsonNode config = Yaml.read(dir.resolve("prometheus.yml"));
    Map<String, JsonNode> jobs = new HashMap<>();
    config.path("scrape_configs").forEach(job -> jobs.put(job.path("job_name").asText(), job));
    // JVB's targets carry bridge_url (HEADROOM_SIGNALS=jvb reads them, and a dead videobridge is a dead bridge);
    // the exporter's name the bridge in `bridge`, so the default health query never counts a dead exporter.
    for (String[] job : List.of(new String[] {"jvb", "/jvb/metrics", "bridge_url"}, new String[] {"bridge-nginx", "/nginx/metrics", "bridge"})) {
      JsonNode scrape = jobs.get(job[0]);
      assertTrue(scrape != null, "no " + job[0] + " job in " + jobs.keySet());
      assertEquals(job[1], scrape.path("metrics_path").asText(), job[0]);
      assertEquals("https", scrape.path("scheme").asText(), job[0]);
      assertTrue(scrape.path("basic_auth").has("password_file"), job[0] + " authenticates to the gateway");
      Path sd = Path.of(scrape.path("file_sd_configs").path(0).path("files").path(0).asText());
      JsonNode targets = JSON.readTree(sd.toFile());
      assertEquals(2, targets.size(), "one target per bridge in the example inventory: " + targets);
      assertEquals("192.0.2.11:" + defaults.path("jitsi_metrics_port").asInt(), targets.path(0).path("targets").path(0).asText(),
          job[0] + " must land on the bridge's metrics gateway port (jitsi_metrics_port)");
      assertEquals("https://b1.example.com", targets.path(0).path("labels").path(job[2]).asText(), job[0] + " names the bridge in " + job[2]);
      assertEquals(job[2].equals("bridge_url"), targets.path(0).path("labels").has("bridge_url"), job[0] + " labels: " + targets.path(0));
      assertEquals("fr-par", targets.path(0).path("labels").path("region").asText(), job[0]);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** One published port of the merged stack; hostIp is "" for every interface. */
  record Port(String hostIp, int published, int target, String protocol) {}

  private String port(String variable, String protocol) {
    assertTrue(defaults.path(variable).isInt(), variable + " must be a port number in the jitsi role's defaults");
    return defaults.path(variable).asInt() + "/" + protocol;
  }

  private Iterator<Map.Entry<String, JsonNode>> services() {
    return merged.path("services").fields();
  }

  private List<Port> ports(String service) {
    List<Port> ports = new ArrayList<>();
    for (JsonNode p : merged.path("services").path(service).path("ports")) {
      if (p.isObject()) {
        String ip = p.path("host_ip").asText("");
        ports.add(new Port(ip.equals("0.0.0.0") ? "" : ip, p.path("published").asInt(), p.path("target").asInt(), p.path("protocol").asText("tcp")));
      } else {
        Matcher m = Pattern.compile("(?:([0-9.]+):)?(\\d+):(\\d+)(?:/(\\w+))?").matcher(p.asText());
        assertTrue(m.matches(), "unreadable port " + p);
        String ip = m.group(1) == null || m.group(1).equals("0.0.0.0") ? "" : m.group(1);
        ports.add(new Port(ip, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4) == null ? "tcp" : m.group(4)));
      }
    }
    return ports;
  }

  /** The release's compose file as far as these checks need it, built from the facts file. */
  private ObjectNode baseComposeFile() {
    ObjectNode compose = JSON.createObjectNode();
    compose.put("version", facts.path("composeFileVersion").asText());
    ObjectNode services = compose.putObject("services");
    facts.path("services").fields().forEachRemaining(e -> {
      JsonNode f = e.getValue();
      ObjectNode s = services.putObject(e.getKey());
      s.put("image", f.path("image").asText());
      for (String list : List.of("ports", "expose", "volumes")) {
        if (f.path(list).size() > 0) {
          s.set(list, f.path(list));
        }
      }
      if (f.path("dependsOn").size() > 0) {
        s.set("depends_on", f.path("dependsOn"));
      }
      ArrayNode env = s.putArray("environment");
      f.path("variablesRead").forEach(env::add);
      ObjectNode networks = s.putObject("networks");
      f.path("networks").fields().forEachRemaining(n -> {
        ObjectNode net = networks.putObject(n.getKey());
        if (n.getValue().path("aliases").size() > 0) {
          net.set("aliases", n.getValue().path("aliases"));
        }
      });
    });
    ObjectNode networks = compose.putObject("networks");
    facts.path("networks").forEach(n -> networks.putObject(n.asText()));
    return compose;
  }

  private Tool render(Path dir, String... extra) throws Exception {
    List<String> command = new ArrayList<>(List.of("ansible-playbook", "-i", "inventory/hosts.example.yml", "tests/render-jitsi.yml", "-e", "render_dir=" + dir));
    command.addAll(List.of(extra));
    return Tool.run(ANSIBLE, ENV, command.toArray(String[]::new));
  }

  private static Path fakeRelease(Path dir, String release) throws Exception {
    Path top = dir.resolve("src/docker-jitsi-meet-" + release);
    Files.createDirectories(top);
    Files.writeString(top.resolve("docker-compose.yml"), "# " + release + "\n");
    Path tarball = dir.resolve(release + ".tar.gz");
    Tool tar = Tool.run(dir.resolve("src"), Map.of(), "tar", "-czf", tarball.toString(), "docker-jitsi-meet-" + release);
    assertEquals(0, tar.exit(), tar.output());
    return tarball;
  }

  /** KEY=value lines (an .env file, a turnserver.conf); comments and bare flags are skipped. */
  private static Map<String, String> readEnvFile(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }
}
