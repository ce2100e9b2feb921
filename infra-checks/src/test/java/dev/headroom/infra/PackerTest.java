package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * packer/: formatted, validated by the Packer installed here (Debian's 1.6.6), parsed by the HCL
 * parser for what 1.6.6 cannot read (required_plugins), and each image's playbook replayed against
 * the inventory Packer's ansible provisioner would generate.
 */
class PackerTest {
  private static final Path PACKER = Tool.ROOT.resolve("packer");
  private static final String DUMMY_UUID = "6b7a1a49-5d10-4c0e-9a3e-2f4c8b1d0e77";
  private static final Map<String, String> DUMMY =
      Map.of(
          "SCW_ACCESS_KEY", "SCWXXXXXXXXXXXXXXXXX",
          "SCW_SECRET_KEY", "11111111-1111-1111-1111-111111111111",
          "SCW_DEFAULT_PROJECT_ID", "11111111-1111-1111-1111-111111111111",
          "CHECKPOINT_DISABLE", "1");
  private static final Map<String, String> ANSIBLE_ENV = Map.of("ANSIBLE_NOCOLOR", "1", "ANSIBLE_FORCE_COLOR", "0", "NO_COLOR", "1");
  private static JsonNode files;

  @BeforeAll
  static void parse() throws Exception {
    files = Hcl.parseTree(PACKER, ".pkr.hcl");
  }

  /** Every block of one kind over the files, e.g. source.scaleway, as name to body. */
  private static Map<String, JsonNode> labelled(String kind, String type) {
    Map<String, JsonNode> out = new HashMap<>();
    files.forEach(f -> f.path(kind).path(type).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().get(0))));
    return out;
  }

  private static List<JsonNode> builds() {
    List<JsonNode> out = new ArrayList<>();
    files.forEach(f -> f.path("build").forEach(out::add));
    return out;
  }

  /**
   * The templates in a scratch tree laid out like the repository (ansible/ and api/ beside them),
   * without plugins.pkr.hcl: Packer 1.6.6 rejects the required_plugins block it predates.
   */
  private static Path withoutPluginsBlock() throws Exception {
    Path root = Files.createTempDirectory("packer-validate");
    Path copy = Files.createDirectory(root.resolve("packer"));
    try (Stream<Path> all = Files.list(PACKER)) {
      for (Path f : all.filter(p -> p.toString().endsWith(".pkr.hcl") && !p.endsWith("plugins.pkr.hcl")).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Files.createSymbolicLink(root.resolve("ansible"), Tool.ROOT.resolve("ansible"));
    Files.createSymbolicLink(root.resolve("api"), Tool.ROOT.resolve("api"));
    return copy;
  }

  @Test
  void everyTemplateIsFormatted() throws Exception {
    Tool t = Tool.run(PACKER, DUMMY, "packer", "fmt", "-check", ".");
    assertEquals(0, t.exit(), "packer fmt -check:\n" + t.output());
  }

  @Test
  void theTemplatesValidateWithDummyCredentialsABaseImageUuidAndAVaultPasswordFile() throws Exception {
    Path copy = withoutPluginsBlock();
    Tool t = Tool.run(copy, DUMMY, "packer", "validate", "-var", "base_image_id=" + DUMMY_UUID, "-var", "ansible_vault_password_file=/dev/null", ".");
    assertEquals(0, t.exit(), "packer validate:\n" + t.output());
    Tool base = Tool.run(copy, DUMMY, "packer", "validate", "-only=base.scaleway.base", ".");
    assertEquals(0, base.exit(), "the base image needs no base_image_id:\n" + base.output());
  }

  @Test
  void aBaseImageGivenByNameIsRefusedBeforeAnythingIsBuilt() throws Exception {
    Tool t = Tool.run(withoutPluginsBlock(), DUMMY, "packer", "validate", "-var", "base_image_id=headroom-base", ".");
    assertEquals(1, t.exit(), t.output());
    assertTrue(t.output().contains("must be an image UUID"), t.output());
  }

  @Test
  void requiredPluginsNameTheScalewayAndAnsiblePlugins() {
    JsonNode plugins = files.path("plugins.pkr.hcl").path("packer").path(0).path("required_plugins").path(0);
    assertEquals("github.com/scaleway/scaleway", plugins.path("scaleway").path("source").asText(), plugins.toString());
    assertEquals("github.com/hashicorp/ansible", plugins.path("ansible").path("source").asText(), plugins.toString());
    assertTrue(plugins.path("scaleway").path("version").asText().startsWith(">= 1."), plugins.toString());
  }

  @Test
  void childImagesStartFromTheBaseImageUuidNeverFromAName() {
    Map<String, JsonNode> sources = labelled("source", "scaleway");
    assertEquals(List.of("api", "base", "bridge"), sources.keySet().stream().sorted().toList());
    assertEquals("${var.os_image}", sources.get("base").path("image").asText(), "the base layer starts from the marketplace's Debian");
    for (String child : List.of("bridge", "api")) {
      assertEquals("${var.base_image_id}", sources.get(child).path("image").asText(),
          child + ": the builder looks a name that is not a UUID up in the marketplace");
    }
    JsonNode variable = files.path("variables.pkr.hcl").path("variable").path("base_image_id").path(0);
    assertTrue(variable.has("validation"), "base_image_id is checked to be a UUID");
  }

  @Test
  void everyImageAndSnapshotNameCarriesTheBuildTime() {
    String local = files.path("sources.pkr.hcl").path("locals").path(0).path("build_time").asText();
    assertTrue(local.contains("timestamp()"), local);
    labelled("source", "scaleway").forEach((name, s) -> {
      for (String field : List.of("image_name", "snapshot_name")) {
        assertTrue(s.path(field).asText().endsWith("-${local.build_time}"),
            name + "." + field + " = " + s.path(field) + ": a fixed name halts every rebuild (\"is used by existing image\")");
      }
    });
  }

  @Test
  void extraVariablesGoAsJsonSoBooleansStayBooleans() {
    for (JsonNode b : builds()) {
      for (JsonNode p : b.path("provisioner").path("ansible")) {
        String args = arguments(p);
        Matcher kv = Pattern.compile("--extra-vars\"?,\\s*\"[a-z_]+=").matcher(args);
        assertFalse(kv.find(), b.path("name") + ": key=value extra vars arrive as strings (jitsi_start=false is \"false\"): " + args);
        if (args.contains("_start")) {
          assertTrue(args.contains("jsonencode("), b.path("name") + ": " + args);
        }
      }
    }
  }

  @Test
  void templatesAreSplitIntoVariablesSourcesAndBuildsAndHoldNoCredential() throws Exception {
    for (String f : new String[] {"variables.pkr.hcl", "sources.pkr.hcl", "build.pkr.hcl", "plugins.pkr.hcl"}) {
      assertTrue(Files.exists(PACKER.resolve(f)), f);
    }
    try (Stream<Path> all = Files.list(PACKER)) {
      for (Path f : all.filter(p -> p.toString().endsWith(".hcl")).toList()) {
        String text = Files.readString(f);
        assertFalse(text.matches("(?s).*SCW[A-Z0-9]{17}.*"), f + " holds an access key");
        assertFalse(text.contains("shell\""), f + " uses a shell provisioner");
      }
    }
    String vars = Files.readString(PACKER.resolve("variables.pkr.hcl"));
    assertTrue(vars.contains("env(\"SCW_SECRET_KEY\")") && vars.contains("sensitive   = true"), vars);
  }

  /** Copies ansible/ into a scratch directory, so a dummy vault can be added without touching the checkout. */
  private static Path ansibleWithDummyVault(Path password) throws Exception {
    Path copy = Files.createTempDirectory("packer-replay").resolve("ansible");
    Path from = Tool.ROOT.resolve("ansible");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path to = copy.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Path vault = copy.resolve("group_vars/all/vault.yml");
    Files.createDirectories(vault.getParent());
    Files.writeString(vault, "---\nnode_exporter_password: dummy-not-a-secret\njitsi_turn_secret: dummy\nheadroom_admin_token: dummy\n");
    Tool enc = Tool.run(copy, ANSIBLE_ENV, "ansible-vault", "encrypt", "--vault-password-file", password.toString(), vault.toString());
    assertEquals(0, enc.exit(), enc.output());
    assertTrue(Files.readString(vault).startsWith("$ANSIBLE_VAULT"), "the dummy vault is encrypted");
    return copy;
  }

  /**
   * Packer's ansible provisioner (packer-plugin-ansible, createInventoryFile): one line for host
   * {@code default}, then for each of {@code groups} a {@code [group]} header and the same line.
   */
  private static String packerInventory(JsonNode provisioner) {
    String host = "default ansible_host=127.0.0.1 ansible_user=" + provisioner.path("user").asText() + " ansible_port=22\n";
    StringBuilder out = new StringBuilder(host);
    provisioner.path("groups").forEach(g -> out.append('[').append(g.asText()).append("]\n").append(host));
    return out.toString();
  }

  @Test
  void everyImagePlaybookListsThePackerHostInEveryPlayWithAVaultPresent() throws Exception {
    Path password = Files.createTempFile("vault-password", "");
    Files.writeString(password, "dummy-vault-password\n");
    Path ansible = ansibleWithDummyVault(password);
    List<String> problems = new ArrayList<>();
    for (JsonNode b : builds()) {
      for (JsonNode p : b.path("provisioner").path("ansible")) {
        String playbook = p.path("playbook_file").asText().replace("${path.root}/../ansible/", "");
        Path inventory = Files.createTempFile("packer-inventory", "");
        Files.writeString(inventory, packerInventory(p));
        List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString(), "--list-hosts"));
        if (arguments(p).contains("vault")) {
          // What Packer passes when ansible_vault_password_file is set (local.vault_arguments).
          cmd.addAll(List.of("--vault-password-file", password.toString()));
        }
        ObjectNode extra = extraVars(p);
        if (extra.size() > 0) {
          cmd.addAll(List.of("--extra-vars", extra.toString()));
        }
        cmd.add(playbook);
        Tool t = Tool.run(ansible, ANSIBLE_ENV, cmd.toArray(String[]::new));
        if (t.exit() != 0) {
          problems.add(b.path("name").asText() + ": " + String.join(" ", cmd) + " failed:\n" + t.output());
          continue;
        }
        Matcher plays = Pattern.compile("play #\\d+ \\(([^)]*)\\): (.*?)\\tTAGS.*?hosts \\((\\d+)\\):", Pattern.DOTALL).matcher(t.output());
        int count = 0;
        while (plays.find()) {
          count++;
          if (Integer.parseInt(plays.group(3)) == 0) {
            problems.add(b.path("name").asText() + ": " + playbook + " play \"" + plays.group(2) + "\" (hosts: " + plays.group(1)
                + ") matches no host of Packer's inventory (groups " + p.path("groups") + "): the image would come out empty");
          }
        }
        if (count == 0) {
          problems.add(b.path("name").asText() + ": no play listed by " + playbook + ":\n" + t.output());
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  /** The provisioner's extra_arguments as written: an expression, or a literal list. */
  private static String arguments(JsonNode provisioner) {
    JsonNode a = provisioner.path("extra_arguments");
    return a.isTextual() ? a.asText() : a.toString();
  }

  /** The provisioner's JSON extra vars as literal as Packer would make them (expressions stay text; --list-hosts ignores them). */
  private static ObjectNode extraVars(JsonNode provisioner) {
    ObjectNode out = Hcl.JSON.createObjectNode();
    Matcher m = Pattern.compile("jsonencode\\(\\{(.*?)\\}\\)").matcher(arguments(provisioner));
    if (m.find()) {
      for (String pair : m.group(1).split(",")) {
        String[] kv = pair.split("=", 2);
        String v = kv[1].strip();
        if (v.equals("true") || v.equals("false")) {
          out.put(kv[0].strip(), Boolean.parseBoolean(v));
        } else {
          out.put(kv[0].strip(), v);
        }
      }
    }
    return out;
  }
}
