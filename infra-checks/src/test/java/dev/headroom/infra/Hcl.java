package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * HCL files parsed by the real parser (@cdktf/hcl2json, pinned in package-lock.json) into one
 * JSON object keyed by each file's path relative to the directory given. Stateless; safe from any
 * thread.
 */
final class Hcl {
  static final ObjectMapper JSON = new ObjectMapper();

  private Hcl() {}

  /** Parses every file under {@code dir} whose name ends with {@code suffix}, sub-directories included. */
  static JsonNode parseTree(Path dir, String suffix) throws IOException, InterruptedException {
    Path parser = Tool.ROOT.resolve("infra-checks/node_modules/@cdktf/hcl2json");
    if (!Files.isDirectory(parser)) {
      // First run on this checkout: install the pinned parser from package-lock.json.
      Tool npm = Tool.run(Tool.ROOT.resolve("infra-checks"), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertEquals(0, npm.exit(), "npm ci in infra-checks failed:\n" + npm.output());
    }
    List<String> command = new ArrayList<>(List.of("/usr/bin/node", Tool.ROOT.resolve("infra-checks/hcl2json.mjs").toString()));
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(p -> p.getFileName().toString().endsWith(suffix) && !p.toString().contains("/.terraform/"))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .forEach(command::add);
    }
    Tool t = Tool.run(dir, command.toArray(String[]::new));
    assertEquals(0, t.exit(), t.output());
    return JSON.readTree(t.output());
  }
}
