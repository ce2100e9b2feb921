package dev.headroom.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.config.Settings;
import dev.headroom.config.SettingsException;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetSourceException;
import dev.headroom.fleet.PrometheusFleetSource;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code headroom plan}: one poll of the live fleet (same {@code HEADROOM_*} settings and queries
 * as {@code serve}) and the recommended bridge count under step scaling policies, with the
 * Terraform variable to change.
 */
public final class PlanCommand {
  /** The Terraform variable that sets the number of bridges (terraform/variables.tf). */
  public static final String VARIABLE = "bridge_count";

  public static final String HELP =
      String.join(
          "\n",
          "usage: java -jar headroom.jar plan [options] [--headroom-option value ...]",
          "",
          "Polls Prometheus once (HEADROOM_PROMETHEUS_URL and the other HEADROOM_* settings, or their",
          "flags) and recommends a bridge count.",
          "",
          "  --scale-out STEPS  at avg load >= T %, add P % of the bridges          (75=10,85=40)",
          "  --scale-in STEPS   at avg load < T %, remove P % of the bridges        (25=10)",
          "  --min N            never fewer bridges                                 (2)",
          "  --max N            never more bridges                                  (500)",
          "  --json             print {\"bridges\":..,\"avgLoad\":..,\"recommended\":..,\"variable\":\"bridge_count\"}",
          "",
          "A fraction of a bridge rounds as AWS step scaling does: below 1 becomes 1, above 1 is truncated.",
          "");

  private PlanCommand() {}

  /** Runs the command: 0 done, 1 Prometheus failed, 2 bad flags or configuration. */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    String scaleOut = "75=10,85=40";
    String scaleIn = "25=10";
    String min = "2";
    String max = "500";
    boolean json = false;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--help", "-h" -> {
          out.print(HELP);
          return 0;
        }
        case "--json" -> json = true;
        case "--scale-out", "--scale-in", "--min", "--max" -> {
          if (i + 1 >= args.size()) {
            err.println("headroom plan: option " + a + " needs a value");
            err.print(HELP);
            return 2;
          }
          String v = args.get(++i);
          switch (a) {
            case "--scale-out" -> scaleOut = v;
            case "--scale-in" -> scaleIn = v;
            case "--min" -> min = v;
            default -> max = v;
          }
        }
        default -> rest.add(a);
      }
    }
    Planner planner;
    try {
      int lo = whole("--min", min);
      int hi = whole("--max", max);
      if (hi < lo) {
        throw new IllegalArgumentException("--max must not be below --min");
      }
      planner = new Planner(parse("--scale-out", scaleOut), parse("--scale-in", scaleIn), lo, hi);
    } catch (IllegalArgumentException e) {
      err.println("headroom plan: " + e.getMessage());
      err.print(HELP);
      return 2;
    }
    Settings settings;
    try {
      settings = Settings.load(env, rest).requirePrometheus();
    } catch (SettingsException e) {
      err.println("headroom: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("headroom plan: " + e.getMessage());
      err.print(HELP);
      return 2;
    }
    FleetSnapshot snapshot;
    try (PrometheusFleetSource source = PrometheusFleetSource.create(settings)) {
      snapshot = source.fetch(Clock.systemUTC().instant());
    } catch (FleetSourceException e) {
      err.println("headroom plan: cannot read the fleet: " + e.getMessage());
      return 1;
    }
    Planner.Plan plan = planner.plan(snapshot);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bridges", plan.bridges());
      m.put("avgLoad", Math.round(plan.avgLoad() * 1000) / 1000.0);
      m.put("recommended", plan.recommended());
      m.put("variable", VARIABLE);
      try {
        out.println(new ObjectMapper().writeValueAsString(m));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      int change = plan.recommended() - plan.bridges();
      out.printf(
          Locale.ROOT,
          "%d bridge(s) at %.0f %% average load (scale out %s, scale in %s, %d..%d).%n",
          plan.bridges(), plan.avgLoad() * 100, scaleOut, scaleIn, planner.min(), planner.max());
      if (change == 0) {
        out.printf(Locale.ROOT, "Recommended: %d — no change (%s = %d).%n", plan.recommended(), VARIABLE, plan.recommended());
      } else {
        out.printf(
            Locale.ROOT,
            "Recommended: %d (%+d). In terraform/examples/minimal/terraform.tfvars set %s = %d, then terraform apply%s.%n",
            plan.recommended(), change, VARIABLE, plan.recommended(),
            change < 0 ? " after draining the bridges that will go (ansible-playbook drain.yml)" : "");
      }
    }
    return 0;
  }

  private static StepPolicy parse(String flag, String text) {
    try {
      return StepPolicy.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage());
    }
  }

  private static int whole(String flag, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v >= 0 && v <= 100_000) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(flag + " must be a whole number from 0 to 100000");
  }
}
