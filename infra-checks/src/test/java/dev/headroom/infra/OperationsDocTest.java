package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md read as an operator runs it: its shell blocks, in order, in one shell started at
 * the repository root, must name directories and files that exist where the shell is at that
 * moment; the prerequisites come before the first build; bridge numbers agree with Terraform's.
 */
class OperationsDocTest {
  private static final Path DOC = Tool.ROOT.resolve("docs/operations.md");
  private static String doc;

  @BeforeAll
  static void read() throws Exception {
    doc = Files.readString(DOC);
  }

  /** The commands of every ```sh block, in order, continuation lines joined, comments and heredoc bodies dropped. */
  static List<String> commands(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (blocks.find()) {
      String heredocEnd = null;
      StringBuilder line = new StringBuilder();
      for (String raw : blocks.group(1).split("\\n")) {
        String l = raw.strip();
        if (heredocEnd != null) {
          if (l.equals(heredocEnd)) {
            heredocEnd = null;
          }
          continue;
        }
        Matcher heredoc = Pattern.compile("<<-?'?(\\w+)'?").matcher(l);
        if (heredoc.find()) {
          heredocEnd = heredoc.group(1);
        }
        line.append(l.replaceAll("\\s+#.*$", ""));
        if (l.endsWith("\\")) {
          line.setLength(line.length() - 1);
          continue;
        }
        if (!line.isEmpty() && !line.toString().startsWith("#")) {
          out.add(line.toString());
        }
        line.setLength(0);
      }
    }
    return out;
  }

  /** Problems found running {@code commands} as one shell from {@code root}: paths that would not be there. */
  static List<String> walk(Path root, List<String> commands) {
    List<String> problems = new ArrayList<>();
    Path cwd = root;
    for (String command : commands) {
      Deque<Path> subshells = new ArrayDeque<>();
      for (String part : command.split("&&|;|\\|\\|")) {
        String c = part.strip();
        while (c.startsWith("(")) {
          subshells.push(cwd);
          c = c.substring(1).strip();
        }
        int closing = 0;
        while (c.endsWith(")") && !subshells.isEmpty() && c.chars().filter(ch -> ch == '(').count() < c.chars().filter(ch -> ch == ')').count()) {
          c = c.substring(0, c.length() - 1).strip();
          closing++;
        }
        problems.addAll(check(root, cwd, c, command));
        Matcher cd = Pattern.compile("^cd\\s+(\\S+)$").matcher(c);
        if (cd.matches()) {
          cwd = cwd.resolve(cd.group(1)).normalize();
        }
        for (int i = 0; i < closing; i++) {
          cwd = subshells.pop();
        }
      }
    }
    return problems;
  }

  private static List<String> check(Path root, Path cwd, String c, String command) {
    List<String> problems = new ArrayList<>();
    String where = " (in " + (cwd.equals(root) ? "the repository root" : root.relativize(cwd)) + ", running: " + command + ")";
    Matcher cd = Pattern.compile("^cd\\s+(\\S+)$").matcher(c);
    if (cd.matches() && !Files.isDirectory(cwd.resolve(cd.group(1)))) {
      problems.add("cd " + cd.group(1) + ": no such directory" + where);
    }
    Matcher chdir = Pattern.compile("-chdir=(\\S+)").matcher(c);
    Path tfDir = cwd;
    if (chdir.find()) {
      tfDir = cwd.resolve(chdir.group(1));
      if (!Files.isDirectory(tfDir)) {
        problems.add("-chdir=" + chdir.group(1) + ": no such directory" + where);
      }
    }
    if (c.matches("^terraform\\s.*") && Files.isDirectory(tfDir) && !hasFiles(tfDir, ".tf")) {
      problems.add("terraform runs where there is no .tf file" + where);
    }
    Matcher packer = Pattern.compile("^packer\\s+(build|init|validate)\\s.*?(\\S+)$").matcher(c);
    if (packer.matches() && !hasFiles(cwd.resolve(packer.group(2)), ".pkr.hcl")) {
      problems.add("packer " + packer.group(1) + " " + packer.group(2) + ": no template there" + where);
    }
    Matcher playbooks = Pattern.compile("(?<![\\w/.-])([\\w/-]+\\.yml)(?![\\w/.-])").matcher(c.replaceAll("^.*?ansible-playbook", ""));
    if (c.contains("ansible-playbook")) {
      while (playbooks.find()) {
        if (!Files.isRegularFile(cwd.resolve(playbooks.group(1)))) {
          problems.add(playbooks.group(1) + ": no such playbook" + where);
        }
      }
    }
    Matcher redirect = Pattern.compile("(?<![<>=-])>\\s*([^\\s>]+)").matcher(c.replaceAll("'[^']*'", "''"));
    while (redirect.find()) {
      Path target = cwd.resolve(redirect.group(1)).getParent();
      if (!redirect.group(1).startsWith("/") && !redirect.group(1).startsWith("~") && !Files.isDirectory(target)) {
        problems.add("> " + redirect.group(1) + ": no such directory" + where);
      }
    }
    return problems;
  }

  private static boolean hasFiles(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.toString().endsWith(suffix));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void theRunbookCommandsChainFromTheRepositoryRootInOneShell() {
    List<String> commands = commands(doc);
    assertTrue(commands.size() > 10, commands.toString());
    List<String> problems = walk(Tool.ROOT, commands);
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void theChainCheckCatchesACdThatAssumesTheWrongDirectory() {
    List<String> problems = walk(Tool.ROOT, List.of("cd packer", "packer build -only='base.*' .", "cd terraform", "terraform init"));
    assertTrue(problems.toString().contains("cd terraform: no such directory (in packer"), problems.toString());
    assertEquals(List.of(), walk(Tool.ROOT, List.of("(cd ansible && ansible-playbook site.yml)", "terraform -chdir=terraform/examples/minimal init")));
  }

  @Test
  void everyPrerequisiteIsThereBeforeTheFirstImageBuild() {
    int firstBuild = doc.indexOf("packer build");
    assertTrue(firstBuild > 0, "the runbook builds the images");
    String before = doc.substring(0, firstBuild);
    for (String[] p : List.of(
        new String[] {"delegated to Scaleway", "the DNS zone delegated to Scaleway (Terraform writes the bridge and site records there)"},
        new String[] {"PG_CONN_STR", "the PostgreSQL database for the Terraform state"},
        new String[] {"SSH key", "an SSH key in the project (Ansible logs in with it)"},
        new String[] {"ansible-vault create", "the vault, which every Ansible run opens, image builds included"},
        new String[] {"fleet-ca.crt", "the fleet CA"},
        new String[] {"ANSIBLE_VAULT_PASSWORD_FILE", "the vault password file Packer and Ansible read"})) {
      assertTrue(before.contains(p[0]), "docs/operations.md must set up " + p[1] + " before the first packer build");
    }
  }

  @Test
  void bridgeNumbersAgreeWithTerraformsAddresses() {
    Matcher m = Pattern.compile("bridge\\[(\\d+)\\]").matcher(doc);
    int seen = 0;
    while (m.find()) {
      seen++;
      int end = doc.indexOf("\n\n", m.end());
      String paragraph = doc.substring(Math.max(0, doc.lastIndexOf("\n\n", m.start())), end < 0 ? doc.length() : end);
      int n = Integer.parseInt(m.group(1)) + 1;
      assertTrue(paragraph.matches("(?s).*\\bb" + n + "\\b.*|(?s).*headroom-b" + n + "\\b.*"),
          "bridge[" + m.group(1) + "] is b" + n + " (bridge names count from 1), and the paragraph must say so: " + paragraph.strip());
    }
    assertTrue(seen > 0, "the runbook says which Terraform address a bridge has");
  }

  @Test
  void rebuildingAnImageNeedsNoForce() {
    assertFalse(doc.contains("-force"), "images carry their build time in their name: a rebuild needs no -force");
    assertTrue(doc.contains("## Roll a new image"));
  }
}
