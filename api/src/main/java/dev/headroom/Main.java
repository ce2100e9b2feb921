package dev.headroom;

import dev.headroom.config.Settings;
import dev.headroom.config.SettingsException;
import dev.headroom.demo.SimulatedFleet;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import io.javalin.util.JavalinBindException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code headroom serve|demo [--flag value ...]}. */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar headroom.jar <command> [--option value ...]",
          "",
          "commands:",
          "  serve   poll Prometheus (HEADROOM_PROMETHEUS_URL) and serve /assign and the pages",
          "  demo    the same service over a simulated fleet of 8 bridges; no Prometheus needed",
          "  plan    recommend a bridge count from live Prometheus data (--help)",
          "  simulate  compare Headroom's policy with the baselines on a simulated workload (--help)",
          "",
          "Every HEADROOM_* environment variable has a flag: HEADROOM_POLL_INTERVAL=5s is --poll-interval 5s.",
          "Options: " + String.join(" ", Settings.DEFAULTS.keySet().stream().map(Settings::flagFor).toList()),
          "");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a command. Servers keep running on their own threads after this returns 0.
   *
   * @return the process exit code: 0 started, 1 could not start, 2 usage or configuration error
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    List<String> flags = Arrays.asList(args).subList(1, args.length);
    if (command.equals("plan")) {
      return dev.headroom.capacity.PlanCommand.run(flags, env, out, err);
    }
    if (command.equals("simulate")) {
      return dev.headroom.sim.SimulateCommand.run(flags, out, err);
    }
    if (flags.contains("--help")) {
      out.print(USAGE);
      return 0;
    }
    if (!command.equals("serve") && !command.equals("demo")) {
      err.println("headroom: unknown command '" + command + "'");
      err.print(USAGE);
      return 2;
    }
    Settings settings;
    try {
      settings = Settings.load(env, flags);
      if (command.equals("serve")) {
        settings.requirePrometheus();
      }
    } catch (SettingsException e) {
      err.println("headroom: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("headroom: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    Clock clock = Clock.systemUTC();
    Headroom headroom;
    if (command.equals("serve")) {
      PrometheusFleetSource source = PrometheusFleetSource.create(settings);
      headroom = new Headroom(settings, source, clock, AssignmentListener.NONE);
    } else {
      SimulatedFleet fleet = SimulatedFleet.standard(clock, new SecureRandom());
      headroom = new Headroom(settings, fleet, clock, fleet);
    }
    try {
      headroom.start();
    } catch (JavalinBindException e) {
      err.println(
          "headroom: HEADROOM_PORT: cannot listen on " + settings.bind() + ":" + settings.port() + " (" + e.getMessage() + ")");
      headroom.poller().close();
      return 1;
    }
    // SIGTERM: /readyz answers 503 for HEADROOM_SHUTDOWN_DELAY while requests are still served,
    // then the listener closes. The JVM would report a signal death (exit 143), which systemd
    // counts as a failed unit; a finished drain is a clean stop, so the hook ends the process
    // with 0 itself (halt: System.exit inside a shutdown hook would block forever).
    java.time.Duration delay = settings.shutdownDelay();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "Shutting down: /readyz now answers 503; serving {} more while the load balancer notices",
                      dev.headroom.config.Durations.format(delay));
                  headroom.shutDown(delay);
                  log.info("Stopped");
                  System.out.flush();
                  System.err.flush();
                  Runtime.getRuntime().halt(0);
                },
                "headroom-shutdown"));
    log.info(
        "Headroom {} listening on http://{}:{}/ (room page /, dashboard /fleet)",
        command,
        settings.bind(),
        headroom.port());
    return 0;
  }
}
