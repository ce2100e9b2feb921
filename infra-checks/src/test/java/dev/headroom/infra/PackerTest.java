package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** packer/: formatted, valid (with dummy credentials), split into files, no credential in the repo. */
class PackerTest {
  private static final Path PACKER = Tool.ROOT.resolve("packer");
  private static final Map<String, String> DUMMY =
      Map.of(
          "SCW_ACCESS_KEY", "SCWXXXXXXXXXXXXXXXXX",
          "SCW_SECRET_KEY", "11111111-1111-1111-1111-111111111111",
          "SCW_DEFAULT_PROJECT_ID", "11111111-1111-1111-1111-111111111111",
          "CHECKPOINT_DISABLE", "1");

  @Test
  void everyTemplateIsFormatted() throws Exception {
    Tool t = Tool.run(PACKER, DUMMY, "packer", "fmt", "-check", ".");
    assertEquals(0, t.exit(), "packer fmt -check:\n" + t.output());
  }

  @Test
  void theTemplatesValidateWithDummyCredentials() throws Exception {
    Tool t = Tool.run(PACKER, DUMMY, "packer", "validate", ".");
    assertEquals(0, t.exit(), "packer validate:\n" + t.output());
  }

  @Test
  void templatesAreSplitIntoVariablesSourcesAndBuildsAndHoldNoCredential() throws Exception {
    for (String f : new String[] {"variables.pkr.hcl", "sources.pkr.hcl", "build.pkr.hcl"}) {
      assertTrue(Files.exists(PACKER.resolve(f)), f);
    }
    try (Stream<Path> files = Files.list(PACKER)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".hcl")).toList()) {
        String text = Files.readString(f);
        assertFalse(text.matches("(?s).*SCW[A-Z0-9]{17}.*"), f + " holds an access key");
        assertFalse(text.contains("shell\""), f + " uses a shell provisioner");
      }
    }
    String vars = Files.readString(PACKER.resolve("variables.pkr.hcl"));
    assertTrue(vars.contains("env(\"SCW_SECRET_KEY\")") && vars.contains("sensitive   = true"), vars);
  }
}
