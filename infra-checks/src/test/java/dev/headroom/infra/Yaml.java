package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * YAML files read with the PyYAML that Ansible itself depends on (so no YAML library joins the
 * build), returned as Jackson trees. Stateless; thread-safe.
 */
final class Yaml {
  private Yaml() {}

  static JsonNode read(Path file) throws Exception {
    Tool t = Tool.run(file.getParent(), "/usr/bin/python3", "-c",
        "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))", file.toString());
    assertEquals(0, t.exit(), "cannot read " + file + " as YAML:\n" + t.output());
    return Hcl.JSON.readTree(t.output());
  }
}
