package dev.headroom.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.headroom.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code headroom simulate [--flag value ...]}: parses flags, runs every strategy, reports. */
public final class SimulateCommand {
  public static final String HELP =
      String.join(
          "\n",
          "usage: java -jar headroom.jar simulate [options]",
          "",
          "Compares Headroom's policy with naive least-loaded, random, round-robin, Scalelite-style",
          "and power-of-two-choices on the same simulated workload (deterministic for a seed), and",
          "each of them with the oracle (perfect, instant knowledge of every bridge's true load).",
          "",
          "  --bridges N        bridges, each of capacity 1.0                    (50)",
          "  --hours H          simulated hours                                   (24)",
          "  --rate R           rooms per second between bursts                   (2)",
          "  --burst N/Ds@P     N rooms within D seconds every period P, or none (200/10s@1h)",
          "  --room-load A-B    load one room adds, uniform between A and B   (0.01-0.03)",
          "  --duration D       mean room duration, log-normal (long tail)        (10m)",
          "  --scrape D         Prometheus scrape interval                        (15s)",
          "  --window D         rate() window of the load query                   (1m)",
          "  --poll D           Headroom poll interval                            (30s)",
          "  --replicas N       independent replicas, round robin                 (3)",
          "  --max-load X       no new rooms at or above this load                (0.85)",
          "  --room-cost X      Headroom's assumed load of a new room             (0.02)",
          "  --seed N           workload and strategy seed                        (1)",
          "  --sizes S:N,...    mixed bridge sizes, e.g. 4:30,16:10 = 30 bridges of 4 CPUs",
          "                     and 10 of 16 (sets --bridges); a room's load is for the",
          "                     median size and scales with median / size    (all equal)",
          "  --signal cpu|jvb   load signal: CPU rate over --window, or JVB stress",
          "                     (10 s CPU samples, scraped)                     (cpu)",
          "  --json             print one JSON object instead of the table",
          "  --csv              print CSV instead of the table",
          "  --svg FILE         also write per-bridge load over time as an SVG chart",
          "");

  private SimulateCommand() {}

  /** Runs the command; returns the exit code (2 for bad flags). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Scenario d = Scenario.defaults();
    Map<String, String> v = new LinkedHashMap<>();
    boolean json = false;
    boolean csv = false;
    String svg = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--help", "-h" -> {
          out.print(HELP);
          return 0;
        }
        case "--json" -> json = true;
        case "--csv" -> csv = true;
        default -> {
          if (!a.startsWith("--") || i + 1 >= args.size()) {
            err.println("headroom simulate: " + (a.startsWith("--") ? "option " + a + " needs a value" : "unexpected argument '" + a + "'"));
            err.print(HELP);
            return 2;
          }
          if (a.equals("--svg")) {
            svg = args.get(++i);
          } else {
            v.put(a, args.get(++i));
          }
        }
      }
    }
    Scenario s;
    try {
      s = scenario(d, v);
    } catch (IllegalArgumentException e) {
      err.println("headroom simulate: " + e.getMessage());
      err.print(HELP);
      return 2;
    }
    Simulation sim = new Simulation(s);
    List<Simulation.Result> results =
        Strategy.withOracle().parallelStream().map(sim::run).toList();
    if (json) {
      out.println(json(s, results));
    } else if (csv) {
      out.println("strategy,rooms,refused,peakLoadP50,peakLoadP99,peakLoadMax,secondsOverMax,maxOverFair");
      for (Simulation.Result r : results) {
        out.printf(
            Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%d,%.3f%n",
            r.name(), r.rooms(), r.refused(), r.peakLoadP50(), r.peakLoadP99(), r.peakLoadMax(), r.secondsOverMax(), r.maxOverFair());
      }
    } else {
      out.print(table(s, results));
    }
    if (svg != null) {
      try {
        Files.writeString(Path.of(svg), Chart.svg(s, results));
      } catch (IOException e) {
        err.println("headroom simulate: cannot write " + svg + ": " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  static Scenario scenario(Scenario d, Map<String, String> v) {
    Map<String, String> left = new LinkedHashMap<>(v);
    int bridges = (int) number(left.remove("--bridges"), d.bridges(), "--bridges", 1, 100_000, true);
    double hours = number(left.remove("--hours"), d.hours(), "--hours", 0.01, 24 * 365, false);
    double rate = number(left.remove("--rate"), d.roomsPerSecond(), "--rate", 0, 10_000, false);
    int burstRooms = d.burstRooms();
    double burstSeconds = d.burstSeconds();
    double burstEvery = d.burstEverySeconds();
    String burst = left.remove("--burst");
    if (burst != null) {
      if (burst.equals("none")) {
        burstRooms = 0;
      } else {
        var m = java.util.regex.Pattern.compile("(\\d+)/(\\w+)@(\\w+)").matcher(burst);
        if (!m.matches()) {
          throw new IllegalArgumentException("--burst must look like 200/10s@1h or be none");
        }
        burstRooms = Integer.parseInt(m.group(1));
        burstSeconds = seconds(m.group(2), "--burst");
        burstEvery = seconds(m.group(3), "--burst");
        if (burstSeconds <= 0 || burstEvery <= burstSeconds) {
          throw new IllegalArgumentException("--burst needs a duration above 0 and shorter than its period");
        }
      }
    }
    double loadMin = d.roomLoadMin();
    double loadMax = d.roomLoadMax();
    String roomLoad = left.remove("--room-load");
    if (roomLoad != null) {
      String[] p = roomLoad.split("-");
      try {
        loadMin = Double.parseDouble(p[0]);
        loadMax = p.length > 1 ? Double.parseDouble(p[1]) : loadMin;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        loadMin = -1;
      }
      if (p.length > 2 || !(loadMin > 0 && loadMax >= loadMin && loadMax <= 1)) {
        throw new IllegalArgumentException("--room-load must be A-B with 0 < A <= B <= 1");
      }
    }
    double duration = optionalSeconds(left.remove("--duration"), d.meanDurationSeconds(), "--duration");
    double scrape = optionalSeconds(left.remove("--scrape"), d.scrapeSeconds(), "--scrape");
    double window = optionalSeconds(left.remove("--window"), d.windowSeconds(), "--window");
    double poll = optionalSeconds(left.remove("--poll"), d.pollSeconds(), "--poll");
    int replicas = (int) number(left.remove("--replicas"), d.replicas(), "--replicas", 1, 1000, true);
    double maxLoad = number(left.remove("--max-load"), d.maxLoad(), "--max-load", 0.01, 1, false);
    double roomCost = number(left.remove("--room-cost"), d.roomCost(), "--room-cost", 0, 1, false);
    long seed = (long) number(left.remove("--seed"), d.seed(), "--seed", 0, Long.MAX_VALUE, true);
    List<Scenario.SizeGroup> sizes = d.sizes();
    String sizesText = left.remove("--sizes");
    if (sizesText != null) {
      sizes = sizes(sizesText);
      int total = sizes.stream().mapToInt(Scenario.SizeGroup::count).sum();
      if (v.containsKey("--bridges") && total != bridges) {
        throw new IllegalArgumentException(
            "--sizes adds up to " + total + " bridges but --bridges says " + bridges + "; give one of them");
      }
      bridges = total;
    }
    Scenario.Signal signal = d.signal();
    String signalText = left.remove("--signal");
    if (signalText != null) {
      signal = switch (signalText) {
        case "cpu" -> Scenario.Signal.CPU;
        case "jvb" -> Scenario.Signal.JVB;
        default -> throw new IllegalArgumentException("--signal must be cpu or jvb");
      };
    }
    if (!left.isEmpty()) {
      throw new IllegalArgumentException("unknown option " + left.keySet().iterator().next());
    }
    return new Scenario(
        bridges, hours, rate, burstRooms, burstSeconds, burstEvery, loadMin, loadMax, duration,
        scrape, window, poll, replicas, maxLoad, roomCost, seed, sizes, signal);
  }

  /** {@code 4:30,16:10}: groups of SIZE:COUNT, sizes above 0, counts whole, 1..100000 bridges. */
  static List<Scenario.SizeGroup> sizes(String text) {
    String usage = "--sizes must look like 4:30,16:10 (SIZE:COUNT pairs, sizes above 0, whole counts, 1 to 100000 bridges)";
    List<Scenario.SizeGroup> out = new ArrayList<>();
    long total = 0;
    for (String part : text.split(",", -1)) {
      String[] p = part.trim().split(":", -1);
      if (p.length != 2) {
        throw new IllegalArgumentException(usage);
      }
      double size;
      int count;
      try {
        size = Double.parseDouble(p[0]);
        count = Integer.parseInt(p[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(usage);
      }
      if (!(size > 0 && size <= 100_000) || count < 1) {
        throw new IllegalArgumentException(usage);
      }
      total += count;
      out.add(new Scenario.SizeGroup(size, count));
    }
    if (total > 100_000) {
      throw new IllegalArgumentException(usage);
    }
    return List.copyOf(out);
  }

  private static double number(String text, double dflt, String flag, double min, double max, boolean whole) {
    if (text == null) {
      return dflt;
    }
    try {
      double x = Double.parseDouble(text);
      if (x >= min && x <= max && (!whole || x == Math.rint(x))) {
        return x;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(
        flag + " must be " + (whole ? "a whole number" : "a number") + " from " + fmt(min) + " to " + fmt(max));
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  private static double optionalSeconds(String text, double dflt, String flag) {
    return text == null ? dflt : seconds(text, flag);
  }

  private static double seconds(String text, String flag) {
    try {
      double s = Durations.parse(text).toMillis() / 1000.0;
      if (s > 0) {
        return s;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new IllegalArgumentException(flag + " takes a duration like 500ms, 30s, 10m or 1h");
  }

  static String json(Scenario s, List<Simulation.Result> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", s.describe());
    List<Map<String, Object>> list = new ArrayList<>();
    Simulation.Result oracle = oracle(results);
    for (Simulation.Result r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("maxOverFair", round(r.maxOverFair(), 3));
      m.put("secondsOverMax", r.secondsOverMax());
      m.put("refused", r.refused());
      m.put("peakLoadP99", round(r.peakLoadP99(), 4));
      m.put("peakLoadP50", round(r.peakLoadP50(), 4));
      m.put("peakLoadMax", round(r.peakLoadMax(), 4));
      m.put("rooms", r.rooms());
      if (oracle != null) {
        m.put("peakLoadP99OverOracle", round(r.peakLoadP99() / oracle.peakLoadP99(), 3));
        m.put("secondsOverMaxAboveOracle", r.secondsOverMax() - oracle.secondsOverMax());
      }
      list.add(m);
    }
    root.put("strategies", list);
    try {
      return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The oracle's result, if it ran: what every other strategy is measured against. */
  private static Simulation.Result oracle(List<Simulation.Result> results) {
    return results.stream().filter(r -> r.name().equals("oracle")).findFirst().orElse(null);
  }

  private static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  static String table(Scenario s, List<Simulation.Result> results) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%d bridges, %.4g h, %.4g rooms/s%s, rooms %.3f-%.3f lasting %s on average,%n"
                + "scrape %s, rate window %s, poll %s, %d replica(s), max load %.2f, seed %d%n%n",
            s.bridges(), s.hours(), s.roomsPerSecond(),
            s.burstRooms() > 0
                ? String.format(Locale.ROOT, " + %d rooms in %.0f s every %.0f s", s.burstRooms(), s.burstSeconds(), s.burstEverySeconds())
                : "",
            s.roomLoadMin(), s.roomLoadMax(), Durations.format(java.time.Duration.ofMillis((long) (s.meanDurationSeconds() * 1000))),
            Durations.format(java.time.Duration.ofMillis((long) (s.scrapeSeconds() * 1000))),
            Durations.format(java.time.Duration.ofMillis((long) (s.windowSeconds() * 1000))),
            Durations.format(java.time.Duration.ofMillis((long) (s.pollSeconds() * 1000))),
            s.replicas(), s.maxLoad(), s.seed()));
    Simulation.Result oracle = oracle(results);
    if (!s.sizes().isEmpty() || s.signal() != Scenario.Signal.CPU) {
      StringBuilder sz = new StringBuilder();
      for (Scenario.SizeGroup g : s.sizes()) {
        sz.append(sz.length() == 0 ? "" : ",").append(fmt(g.size())).append(':').append(g.count());
      }
      b.append(String.format(Locale.ROOT, "sizes %s, signal %s%n%n",
          sz.length() == 0 ? "all equal" : sz, s.signal().name().toLowerCase(Locale.ROOT)));
    }
    b.append(String.format(Locale.ROOT, "%-14s %9s %8s %9s %9s %9s %12s %12s%s%n",
        "strategy", "rooms", "refused", "peak p50", "peak p99", "peak max", "s over max", "burst max/fair",
        oracle == null ? "" : String.format(Locale.ROOT, " %13s %14s", "p99/oracle", "s over oracle")));
    for (Simulation.Result r : results) {
      b.append(String.format(Locale.ROOT, "%-14s %9d %8d %9.3f %9.3f %9.3f %12d %12.2f",
          r.name(), r.rooms(), r.refused(), r.peakLoadP50(), r.peakLoadP99(), r.peakLoadMax(), r.secondsOverMax(), r.maxOverFair()));
      if (oracle != null) {
        b.append(String.format(Locale.ROOT, " %13.2f %+14d",
            r.peakLoadP99() / oracle.peakLoadP99(), r.secondsOverMax() - oracle.secondsOverMax()));
      }
      b.append(System.lineSeparator());
    }
    return b.toString();
  }
}
