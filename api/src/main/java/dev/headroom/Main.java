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

  /** How long a terminating replica keeps serving after /readyz turned 503. */
  static final java.time.Duration SHUTDOWN_DRAIN = java.time.Duration.ofSeconds(3);

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
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "Shutting down: /readyz now answers 503; serving {} s more while the load balancer notices",
                      SHUTDOWN_DRAIN.toSeconds());
                  headroom.shutDown(SHUTDOWN_DRAIN);
                  log.info("Stopped");
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
