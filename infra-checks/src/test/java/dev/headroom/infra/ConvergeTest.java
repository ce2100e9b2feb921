package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Applies the real playbooks to a real Debian bookworm root (debootstrap, Ansible's chroot
 * connection), the way Packer and site.yml do: first the api image build (no vault at all),
 * then api.yml and monitoring.yml twice with a vault; the second run must change nothing. Then
 * the services the roles rendered are started by hand inside the root (systemd does not run in
 * a chroot), on free loopback ports, and checked working together: node_exporter over TLS with
 * the bcrypt password, Prometheus scraping it with the bridge's labels, Headroom reading
 * Prometheus, handing out a room on the bridge, and seeing a drain made by drain.yml.
 *
 * <p>Needs root and debootstrap (CI has both); skipped, saying so, otherwise. The bootstrapped
 * root and the downloaded packages are cached in {@code /var/cache/headroom-converge} (or
 * {@code HEADROOM_CONVERGE_CACHE}), so a repeat run costs no bootstrap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConvergeTest {
  private static final Path ANSIBLE = Tool.ROOT.resolve("ansible");
  private static final Path JAR = Tool.ROOT.resolve("api/target/headroom.jar");
  private static final Path CACHE =
      Path.of(System.getenv().getOrDefault("HEADROOM_CONVERGE_CACHE", "/var/cache/headroom-converge"));
  private static final String BRIDGE_URL = "https://b1.converge.test";
  private static final String REGION = "converge-1";
  private static final String EXPORTER_PASSWORD = "converge-exporter-password-0123";
  private static final String ADMIN_TOKEN = "converge-admin-token-0123456789";
  private static final Duration AWAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Path work;
  private Path root;
  private Path inventory;
  private Path vaultPassword;
  private boolean procMounted;
  private final List<Process> started = new ArrayList<>();
  private final Map<String, String> timings = new LinkedHashMap<>();
  private int exporterPort;
  private int prometheusPort;
  private int headroomPort;
  private String imageRun;
  private List<String> imageBaked;
  private String firstRun;
  private String secondRun;

  @BeforeAll
  void convergeTwiceAndStartTheRenderedServices() throws Exception {
    boolean isRoot = "0".equals(run(Path.of("/"), Map.of(), 10, "id", "-u").output().trim());
    Assumptions.assumeTrue(isRoot, "the converge test needs root (chroot, mount): skipped");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
        "debootstrap is missing (apt-get install debootstrap): converge test skipped");
    assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn -B package): " + JAR);

    long t0 = System.nanoTime();
    work = Files.createTempDirectory("headroom-converge");
    root = work.resolve("root");
    Tool boot =
        run(ANSIBLE, Map.of(), 900, "sh", "tests/converge/bootstrap-root.sh", CACHE.toString(), root.toString());
    assertEquals(0, boot.exit(), boot.output());
    mustRun(60, "mount", "-t", "proc", "proc", root.resolve("proc").toString());
    procMounted = true;
    // Packages downloaded by earlier runs: apt finds them and downloads nothing.
    mustRun(60, "sh", "-c", "cp -n --reflink=auto " + CACHE + "/archives/*.deb " + root + "/var/cache/apt/archives/ 2>/dev/null || true");
    timings.put("root", seconds(t0));

    exporterPort = freePort();
    prometheusPort = freePort();
    headroomPort = freePort();
    writeFleetCaAndVault();

    // The api image as Packer builds it (its provisioner passes packer_build_name and
    // packer_builder_type; build.pkr.hcl adds headroom_start): no vault, no CA key.
    long t1 = System.nanoTime();
    Path imageInventory = work.resolve("image/hosts.yml");
    Files.createDirectories(imageInventory.getParent());
    Files.writeString(imageInventory, inventoryYaml());
    Tool image = playbook(imageInventory, List.of("-e", "{\"packer_build_name\": \"api\", \"packer_builder_type\": \"scaleway\", \"headroom_start\": false}"), "api.yml");
    imageRun = image.output();
    assertEquals(0, image.exit(), "the image build failed:\n" + imageRun);
    imageBaked = new ArrayList<>();
    for (String path :
        List.of("etc/prometheus-node-exporter/node.key", "etc/prometheus-node-exporter/node.crt",
            "etc/prometheus-node-exporter/web-config.yml", "etc/headroom/admin_token", "etc/headroom/headroom.env",
            "etc/systemd/system/multi-user.target.wants/prometheus-node-exporter.service",
            "etc/systemd/system/multi-user.target.wants/headroom.service")) {
      if (Files.exists(root.resolve(path))) {
        imageBaked.add(path);
      }
    }
    timings.put("image build", seconds(t1));

    long t2 = System.nanoTime();
    Tool first = playbook(inventory, List.of(), "api.yml", "monitoring.yml");
    firstRun = first.output();
    assertEquals(0, first.exit(), "the first site run failed:\n" + firstRun);
    timings.put("first run", seconds(t2));
    long t3 = System.nanoTime();
    Tool second = playbook(inventory, List.of(), "api.yml", "monitoring.yml");
    secondRun = second.output();
    assertEquals(0, second.exit(), "the second site run failed:\n" + secondRun);
    timings.put("second run", seconds(t3));
    mustRun(120, "sh", "-c", "mkdir -p " + CACHE + "/archives && cp -n --reflink=auto " + root + "/var/cache/apt/archives/*.deb " + CACHE + "/archives/ 2>/dev/null || true");

    // The services, as their units would start them, from the files the roles rendered.
    start("prometheus", List.of("/usr/bin/prometheus-node-exporter"), args("/etc/default/prometheus-node-exporter"), Map.of());
    start("prometheus", List.of("/usr/bin/prometheus"), args("/etc/default/prometheus"), Map.of());
    start(
        "headroom",
        List.of("/usr/bin/java", "-XX:-UsePerfData", "-Xmx256m", "-jar", "/opt/headroom/headroom.jar", "serve"),
        List.of(),
        environmentFile("/etc/headroom/headroom.env"));
    System.out.println("converge timings (s): " + timings);
  }

  @AfterAll
  void stopEverythingAndUnmount() throws Exception {
    for (Process p : started) {
      p.destroy();
    }
    for (Process p : started) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (procMounted) {
      Tool umount = run(Path.of("/"), Map.of(), 30, "umount", root.resolve("proc").toString());
      if (umount.exit() != 0) {
        run(Path.of("/"), Map.of(), 30, "umount", "-l", root.resolve("proc").toString());
      }
    }
    if (work != null) {
      // Never delete through a mount that is still there.
      String mounts = Files.readString(Path.of("/proc/self/mounts"));
      if (!mounts.contains(" " + work + "/")) {
        run(Path.of("/"), Map.of(), 120, "rm", "-rf", "--one-file-system", work.toString());
      } else {
        System.err.println("left " + work + " in place: something is still mounted under it");
      }
    }
  }

  @Test
  @Order(1)
  void theImageBuildNeedsNoVaultAndBakesNoSecretAndNoRunningService() throws Exception {
    assertTrue(imageRun.contains("PLAY RECAP"), imageRun);
    assertEquals(List.of(), imageBaked, "per-host secrets or enabled services left in the image");
    assertTrue(Files.isRegularFile(root.resolve("opt/headroom/headroom.jar")), "the image carries the jar");
    assertTrue(Files.isRegularFile(root.resolve("usr/bin/prometheus-node-exporter")), "the image carries node_exporter");
  }

  @Test
  @Order(2)
  void theSecondRunOfEveryPlaybookChangesNothing() {
    Map<String, String> recap = recap(secondRun);
    assertFalse(recap.isEmpty(), secondRun);
    recap.forEach((host, line) -> assertTrue(line.contains("changed=0") && line.contains("failed=0"), host + ": " + line + "\n" + secondRun));
    assertTrue(recap(firstRun).get(root.toString()).matches(".*changed=[1-9].*"), "the first run changed something");
  }

  @Test
  @Order(3)
  void nodeExporterAnswersOnlyOverTlsAndOnlyWithTheBcryptPassword() throws Exception {
    assertTrue(Files.readString(root.resolve("etc/prometheus-node-exporter/web-config.yml")).contains("$2b$12$"), "bcrypt hash");
    assertFalse(Files.readString(root.resolve("etc/prometheus-node-exporter/web-config.yml")).contains(EXPORTER_PASSWORD));
    HttpClient tls = HttpClient.newBuilder().sslContext(trusting(work.resolve("fleet-ca.crt"))).connectTimeout(Duration.ofSeconds(2)).build();
    URI metrics = URI.create("https://127.0.0.1:" + exporterPort + "/metrics");
    HttpResponse<String> withPassword =
        await(() -> send(tls, HttpRequest.newBuilder(metrics).header("Authorization", basic("prometheus", EXPORTER_PASSWORD))),
            r -> r != null && r.statusCode() == 200, "node_exporter over TLS with the password");
    assertTrue(withPassword.body().contains("node_cpu_seconds_total"), withPassword.body());
    assertEquals(401, send(tls, HttpRequest.newBuilder(metrics)).statusCode(), "no password");
    assertEquals(401, send(tls, HttpRequest.newBuilder(metrics).header("Authorization", basic("prometheus", "wrong-password-000000"))).statusCode());
    assertEquals(400, send(PLAIN, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporterPort + "/metrics"))).statusCode(), "plain HTTP");
  }

  @Test
  @Order(4)
  void prometheusScrapesTheBridgeWithItsLabelsAndPromtoolAcceptsItsConfigAndRules() throws Exception {
    Tool config = mustRun(60, "chroot", root.toString(), "promtool", "check", "config", "/etc/prometheus/prometheus.yml");
    assertTrue(config.output().contains("SUCCESS"), config.output());
    Tool rules = mustRun(60, "chroot", root.toString(), "promtool", "check", "rules", "/etc/prometheus/rules/headroom-alerts.yml");
    assertTrue(rules.output().contains("SUCCESS"), rules.output());
    URI query = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query=up%7Bjob%3D%22bridges%22%7D");
    JsonNode up =
        await(() -> JSON.readTree(send(PLAIN, HttpRequest.newBuilder(query)).body()).path("data").path("result"),
            r -> r.size() == 1 && r.get(0).path("value").path(1).asText().equals("1"), "Prometheus scraping the bridge (up == 1)");
    assertEquals(BRIDGE_URL, up.get(0).path("metric").path("bridge_url").asText(), up.toString());
    assertEquals(REGION, up.get(0).path("metric").path("region").asText(), up.toString());
  }

  @Test
  @Order(5)
  void headroomFromTheRenderedEnvironmentHandsOutARoomOnTheBridgeAndSeesTheDrainFromDrainYml() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + headroomPort);
    await(() -> send(PLAIN, HttpRequest.newBuilder(base.resolve("/readyz"))).statusCode(), s -> s == 200, "Headroom ready");
    HttpResponse<String> assigned =
        await(() -> send(PLAIN, HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.noBody())),
            r -> r.statusCode() == 200, "a room from Headroom");
    assertEquals(BRIDGE_URL, JSON.readTree(assigned.body()).path("bridge").asText(), assigned.body());

    long t = System.nanoTime();
    Tool drain =
        run(ANSIBLE, ansibleEnv(), 600, "ansible-playbook", "-i", inventory.toString(), "--vault-password-file", vaultPassword.toString(),
            "drain.yml", "-e", "target=" + root, "-e", "drain_jvb=false", "-e", "drain_headroom_timeout_seconds=120");
    timings.put("drain", seconds(t));
    assertEquals(0, drain.exit(), drain.output());
    assertTrue(drain.output().contains("every Headroom replica lists it as draining"), drain.output());
    JsonNode bridges =
        JSON.readTree(send(PLAIN, HttpRequest.newBuilder(base.resolve("/bridges")).header("Authorization", "Bearer " + ADMIN_TOKEN)).body());
    assertEquals("draining", bridges.path("bridges").get(0).path("state").asText(), bridges.toString());
    HttpResponse<String> refused = send(PLAIN, HttpRequest.newBuilder(base.resolve("/assign")).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(503, refused.statusCode(), refused.body());
    System.out.println("converge timings (s): " + timings);
  }

  // --- set-up helpers ---

  private void writeFleetCaAndVault() throws Exception {
    Path dir = work.resolve("inventory");
    Files.createDirectories(dir.resolve("group_vars/all"));
    inventory = dir.resolve("hosts.yml");
    Files.writeString(inventory, inventoryYaml());
    mustRun(60, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", "/CN=converge test fleet CA", "-keyout", work.resolve("fleet-ca.key").toString(), "-out", work.resolve("fleet-ca.crt").toString());
    vaultPassword = work.resolve("vault-password");
    Files.writeString(vaultPassword, "converge-vault-password\n");
    Path vault = dir.resolve("group_vars/all/vault.yml");
    Files.writeString(vault, "---\nnode_exporter_password: " + EXPORTER_PASSWORD + "\nheadroom_admin_token: " + ADMIN_TOKEN + "\n");
    for (Path secret : List.of(vault, work.resolve("fleet-ca.key"))) {
      Tool t = run(ANSIBLE, ansibleEnv(), 120, "ansible-vault", "encrypt", "--vault-password-file", vaultPassword.toString(), secret.toString());
      assertEquals(0, t.exit(), t.output());
    }
    assertTrue(Files.readString(work.resolve("fleet-ca.key")).startsWith("$ANSIBLE_VAULT"), "the CA key is vault-encrypted");
  }

  /** One host, the chroot, in every group; ports moved to free loopback ones. */
  private String inventoryYaml() {
    String host = root.toString();
    String vars =
        String.join(
            "\n",
            "      ansible_connection: community.general.chroot",
            "      ansible_host: " + host,
            "      ansible_become: false",
            "      ansible_python_interpreter: /usr/bin/python3",
            "      bridge_url: " + BRIDGE_URL,
            "      bridge_region: " + REGION,
            "      node_exporter_tls_address: 127.0.0.1",
            "      node_exporter_listen_host: 127.0.0.1",
            "      node_exporter_port: " + exporterPort,
            "      node_exporter_ca_cert_path: " + work.resolve("fleet-ca.crt"),
            "      node_exporter_ca_key_path: " + work.resolve("fleet-ca.key"),
            "      node_exporter_start: 'false'",
            "      prometheus_ca_cert_path: " + work.resolve("fleet-ca.crt"),
            "      prometheus_listen_host: 127.0.0.1",
            "      prometheus_port: " + prometheusPort,
            "      prometheus_scrape_interval: 1s",
            "      prometheus_start: 'false'",
            "      headroom_jar_src: " + JAR,
            "      headroom_bind: 127.0.0.1",
            "      headroom_port: " + headroomPort,
            "      headroom_prometheus_url: http://127.0.0.1:" + prometheusPort,
            "      headroom_poll_interval: 1s",
            // The "bridge" is this CI machine, whose CPU other builds keep busy: the load keeps
            // coming from the scraped node_exporter series, multiplied by 0 so a busy machine
            // does not make the only bridge full.
            "      headroom_environment:",
            "        HEADROOM_LOAD_QUERY: '0 * (1 - avg by (bridge_url, region) (rate(node_cpu_seconds_total{mode=\"idle\",bridge_url!=\"\"}[1m])))'",
            // No Jitsi runs in this root: health from node_exporter's scrape alone, not from the
            // jvb job whose metrics gateway is absent here.
            "        HEADROOM_HEALTH_QUERY: 'min by (bridge_url, region) (up{job=\"bridges\",bridge_url!=\"\"})'",
            // A string, as -e would pass it: the roles must read it with | bool.
            "      headroom_start: 'false'");
    return "---\nall:\n  hosts:\n    " + host + ":\n" + vars + "\n  children:\n"
        + "    bridges:\n      hosts:\n        " + host + ":\n"
        + "    api:\n      hosts:\n        " + host + ":\n"
        + "    monitoring:\n      hosts:\n        " + host + ":\n";
  }

  private Tool playbook(Path inv, List<String> extra, String... playbooks) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inv.toString()));
    if (inv.equals(inventory)) {
      cmd.addAll(List.of("--vault-password-file", vaultPassword.toString()));
    }
    cmd.addAll(extra);
    cmd.addAll(List.of(playbooks));
    return run(ANSIBLE, ansibleEnv(), 900, cmd.toArray(String[]::new));
  }

  private static Map<String, String> ansibleEnv() {
    return Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_FORCE_COLOR", "0", "NO_COLOR", "1", "ANSIBLE_PIPELINING", "1");
  }

  /** The ARGS="..." line of a rendered /etc/default file, split as the unit's $ARGS would be. */
  private List<String> args(String defaultsFile) throws IOException {
    String text = Files.readString(root.resolve(defaultsFile.substring(1)));
    Matcher m = Pattern.compile("(?m)^ARGS=\"([^\"]*)\"").matcher(text);
    assertTrue(m.find(), defaultsFile + " has no ARGS line:\n" + text);
    return List.of(m.group(1).trim().split("\\s+"));
  }

  /** KEY=VALUE lines of a systemd EnvironmentFile. */
  private Map<String, String> environmentFile(String file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root.resolve(file.substring(1)))) {
      int eq = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
        String value = line.substring(eq + 1);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        env.put(line.substring(0, eq), value);
      }
    }
    return env;
  }

  /** Starts a command inside the root as {@code user}, as its unit would. */
  private void start(String user, List<String> command, List<String> extraArgs, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("chroot", "--userspec=" + user + ":" + user, root.toString()));
    cmd.addAll(command);
    cmd.addAll(extraArgs);
    Path log = work.resolve(Path.of(command.get(0)).getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).directory(root.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    pb.environment().putAll(env);
    started.add(pb.start());
  }

  // --- small tools ---

  private Tool mustRun(int timeoutSeconds, String... command) throws Exception {
    Tool t = run(Path.of("/"), Map.of(), timeoutSeconds, command);
    assertEquals(0, t.exit(), String.join(" ", command) + "\n" + t.output());
    return t;
  }

  private static Tool run(Path dir, Map<String, String> env, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("converge", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      String out = Files.readString(log);
      Files.delete(log);
      throw new IllegalStateException(String.join(" ", command) + " took more than " + timeoutSeconds + " s:\n" + out);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Tool(p.exitValue(), out);
  }

  /** host → its PLAY RECAP line. */
  private static Map<String, String> recap(String output) {
    Map<String, String> lines = new LinkedHashMap<>();
    int at = output.lastIndexOf("PLAY RECAP");
    if (at < 0) {
      return lines;
    }
    for (String line : output.substring(at).split("\n")) {
      Matcher m = Pattern.compile("^(\\S+)\\s+:\\s+(ok=.*)$").matcher(line.trim());
      if (m.matches()) {
        lines.put(m.group(1), m.group(2));
      }
    }
    return lines;
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls {@code probe} until {@code done}, failing after {@link #AWAIT} with the last answer. */
  private <T> T await(Probe<T> probe, Predicate<T> done, String what) throws Exception {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    Object last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.get();
        last = value instanceof HttpResponse<?> r ? r.statusCode() + " " + r.body() : value;
        if (done.test(value)) {
          return value;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + what + " within " + AWAIT.toSeconds() + " s; last: " + last + "\n" + logs());
  }

  private String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(work)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        String text = Files.readString(log);
        out.append("--- ").append(log.getFileName()).append('\n').append(text.substring(Math.max(0, text.length() - 3000)));
      }
    }
    return out.toString();
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry(
        "fleet-ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caPem))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String seconds(long since) {
    return Long.toString(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since));
  }
}
