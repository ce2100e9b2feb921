package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every resource and data source in terraform/ (module and examples) read against the Scaleway
 * provider's own schema at the pinned version: the facts in scaleway-provider-2.81.json, taken
 * from the provider's Go source at its release tag (infra-checks/tools/scaleway-schema.py).
 */
class TerraformSchemaTest {
  private static final String SCHEMA = "scaleway-provider-2.81.json";
  /** Terraform's own meta-arguments and blocks, valid on every resource. */
  private static final Set<String> META = Set.of("count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection", "timeouts");
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private static TfModule tf;
  private static JsonNode provider;

  @BeforeAll
  static void load() throws Exception {
    tf = TfModule.load();
    try (InputStream in = TerraformSchemaTest.class.getResourceAsStream("/" + SCHEMA)) {
      provider = Hcl.JSON.readTree(in);
    }
  }

  /** Problems with one block body against one schema level, each naming the attribute's path. */
  private static void check(String where, JsonNode body, JsonNode schema, List<String> problems) {
    body.fields().forEachRemaining(e -> {
      String key = e.getKey();
      if (META.contains(key)) {
        return;
      }
      if (key.equals("dynamic")) {
        e.getValue().fields().forEachRemaining(d -> {
          JsonNode block = schema.path(d.getKey()).path("block");
          if (block.isMissingNode()) {
            problems.add(where + ": dynamic \"" + d.getKey() + "\" is not a block of this resource");
          } else {
            d.getValue().forEach(dyn -> dyn.path("content").forEach(c -> check(where + "." + d.getKey(), c, block, problems)));
          }
        });
        return;
      }
      JsonNode attr = schema.path(key);
      if (attr.isMissingNode()) {
        problems.add(where + "." + key + " is not an attribute of the provider's schema");
      } else if (attr.has("deprecated")) {
        problems.add(where + "." + key + " is deprecated: " + attr.path("deprecated").asText());
      } else if (attr.path("computedOnly").asBoolean()) {
        problems.add(where + "." + key + " is computed by the provider and cannot be set");
      } else if (attr.has("block") && e.getValue().isArray()) {
        e.getValue().forEach(b -> {
          if (b.isObject()) {
            check(where + "." + key, b, attr.path("block"), problems);
          }
        });
      }
    });
  }

  private static List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (boolean module : List.of(true, false)) {
      for (TfModule.Block b : tf.blocks(module)) {
        JsonNode schema = provider.path(b.kind()).path(b.type()).path("attributes");
        String where = b.file() + ": " + b.address();
        if (schema.isMissingNode()) {
          problems.add(where + ": " + b.type() + " is not in " + SCHEMA + " (add it to infra-checks/tools/scaleway-schema.py and regenerate)");
        } else {
          check(where, b.body(), schema, problems);
        }
      }
    }
    return problems;
  }

  @Test
  void everyAttributeExistsInTheProviderSchemaAndNoneIsDeprecated() {
    List<String> problems = problems();
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void theSchemaFactsNameTheirSourceAndTheModuleAndExamplePinThatVersion() {
    assertEquals("https://github.com/scaleway/terraform-provider-scaleway", provider.path("source").asText());
    assertTrue(provider.path("commit").asText().matches("[0-9a-f]{40}"), "the facts name the commit they were read at");
    String version = provider.path("version").asText();
    for (String f : List.of("versions.tf", "examples/minimal/versions.tf")) {
      JsonNode p = tf.files.path(f).path("terraform").get(0).path("required_providers").get(0).path("scaleway");
      assertEquals("scaleway/scaleway", p.path("source").asText(), f);
      assertEquals("~> " + version, p.path("version").asText(), f + " must pin the provider version whose schema is checked");
    }
  }

  @Test
  void everyServerImageIsAUuidOrAnImageDataSource() {
    List<String> problems = new ArrayList<>();
    for (TfModule.Block b : tf.blocks(true)) {
      if (b.type().equals("scaleway_instance_server")) {
        String image = b.body().path("image").asText();
        boolean uuid = image.matches("(" + "[a-z]{2}-[a-z]{3}-\\d/)?" + UUID);
        boolean lookup = image.matches("\\$\\{data\\.scaleway_instance_image\\.(\\w+)\\.id\\}")
            && tf.blocks(true).stream().anyMatch(d -> d.address().equals(image.substring(2, image.length() - 4)));
        if (!uuid && !lookup) {
          problems.add(b.address() + ".image = \"" + image + "\": a value that is not a UUID is looked up as a marketplace label;"
              + " use a data \"scaleway_instance_image\" lookup's .id");
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void theSchemaCheckRejectsAnUnknownADeprecatedAndAComputedAttribute() throws Exception {
    JsonNode lb = Hcl.JSON.readTree("{\"ip_id\":\"x\",\"colour\":\"red\",\"ip_address\":\"1.2.3.4\",\"name\":\"ok\"}");
    List<String> problems = new ArrayList<>();
    check("scaleway_lb.main", lb, provider.path("resource").path("scaleway_lb").path("attributes"), problems);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.toString().contains("ip_id is deprecated: Please use ip_ids"), problems.toString());
  }
}
