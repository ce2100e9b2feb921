package dev.headroom.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the real infrastructure tools and captures what it printed. */
record Tool(int exit, String output) {
  /** The repository root (tests run in infra-checks/). */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  static Tool run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/bin", command[0])) && !Files.isExecutable(Path.of(command[0]))) {
      throw new IllegalStateException(
          command[0] + " is missing: .ci/run installs it (apt-get install -y packer ansible ansible-lint yamllint prometheus nodejs docker-compose)");
    }
    Path log = Files.createTempFile("tool", ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " took more than 5 minutes");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Tool(p.exitValue(), out);
  }

  static Tool run(Path dir, String... command) throws IOException, InterruptedException {
    return run(dir, Map.of(), command);
  }
}
