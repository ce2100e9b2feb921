package dev.headroom.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * terraform/ as parsed HCL: the module's own files, and the example root configurations under
 * examples/ apart. Immutable after {@link #load}; thread-safe.
 */
final class TfModule {
  static final Path DIR = Tool.ROOT.resolve("terraform");

  /** One labelled block: {@code resource "type" "name"}, {@code data ...}, {@code module "name"}. */
  record Block(String file, String kind, String type, String name, JsonNode body) {
    String address() {
      return (kind.equals("resource") ? "" : kind + ".") + type + "." + name;
    }
  }

  /** Parsed files by path relative to terraform/. */
  final JsonNode files;

  private TfModule(JsonNode files) {
    this.files = files;
  }

  static TfModule load() throws Exception {
    return new TfModule(Hcl.parseTree(DIR, ".tf"));
  }

  static boolean isExample(String file) {
    return file.startsWith("examples/");
  }

  /** Files of the module itself (true) or of the examples (false). */
  List<String> fileNames(boolean module) {
    List<String> out = new ArrayList<>();
    files.fieldNames().forEachRemaining(f -> {
      if (isExample(f) != module) {
        out.add(f);
      }
    });
    return out;
  }

  /** Every resource and data block in the module (module=true) or the examples. */
  List<Block> blocks(boolean module) {
    List<Block> out = new ArrayList<>();
    for (String f : fileNames(module)) {
      for (String kind : List.of("resource", "data")) {
        files.path(f).path(kind).fields().forEachRemaining(byType ->
            byType.getValue().fields().forEachRemaining(byName ->
                byName.getValue().forEach(body -> out.add(new Block(f, kind, byType.getKey(), byName.getKey(), body)))));
      }
    }
    return out;
  }

  JsonNode resource(String type, String name) {
    for (Block b : blocks(true)) {
      if (b.kind().equals("resource") && b.type().equals(type) && b.name().equals(name)) {
        return b.body();
      }
    }
    throw new AssertionError("terraform/ declares no resource " + type + "." + name);
  }

  /** Unlabelled-by-type blocks such as variable, output, locals entries, merged over the module's files. */
  Map<String, JsonNode> named(String kind, boolean module) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String f : fileNames(module)) {
      if (kind.equals("locals")) {
        files.path(f).path("locals").forEach(l -> l.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue())));
      } else {
        files.path(f).path(kind).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().get(0)));
      }
    }
    return out;
  }
}
