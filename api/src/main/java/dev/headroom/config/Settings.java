package dev.headroom.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The effective configuration of one Headroom process, read from {@code HEADROOM_*} environment
 * variables, each of which may be overridden by a {@code --name value} flag ({@code
 * HEADROOM_POLL_INTERVAL} ↔ {@code --poll-interval}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints every setting with secrets masked; it
 * is the start-up log line.
 */
public record Settings(
    Optional<URI> prometheusUrl,
    Optional<String> prometheusUser,
    Optional<Secret> prometheusPassword,
    Duration prometheusTimeout,
    Duration pollInterval,
    String loadQuery,
    String healthQuery,
    String drainQuery,
    String bridgeLabel,
    String regionLabel,
    double maxLoad,
    double roomCost,
    Duration maxStaleness,
    int port,
    String bind,
    int rateLimit,
    List<Cidr> trustedProxies,
    Optional<Secret> adminToken,
    double hardMaxLoad,
    Map<String, String> regionNames,
    Signals signals,
    Optional<String> capacityQuery,
    Optional<java.nio.file.Path> prometheusCa,
    String peersQuery,
    Duration shutdownDelay) {

  /**
   * Which metrics the default queries read ({@code HEADROOM_SIGNALS}). Explicit {@code *_QUERY}
   * variables win over either set.
   */
  public enum Signals {
    /** node_exporter's CPU counters: the contract's default queries. */
    NODE,
    /**
     * Jitsi Videobridge's own {@code /metrics} (namespace {@code jitsi_jvb}, see
     * docs/jvb-signals.md): load = {@code jitsi_jvb_stress}, health = every scrape of the bridge
     * up and {@code jitsi_jvb_healthy} 1, draining = drain mode, graceful shutdown or shutting
     * down; max load 0.8 (Jicofo's stress threshold) unless HEADROOM_MAX_LOAD is set.
     */
    JVB;

    /** The value as written in HEADROOM_SIGNALS. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The default queries and max load with {@code HEADROOM_SIGNALS=jvb}. */
  public static final Map<String, String> JVB_DEFAULTS =
      Map.of(
          "HEADROOM_LOAD_QUERY",
          "max by (bridge_url, region) (jitsi_jvb_stress{bridge_url!=\"\"})",
          "HEADROOM_HEALTH_QUERY",
          "min by (bridge_url, region) ({__name__=~\"up|jitsi_jvb_healthy\",bridge_url!=\"\"})",
          "HEADROOM_DRAIN_QUERY",
          "max by (bridge_url) ({__name__=~\"jitsi_jvb_drain_mode|jitsi_jvb_graceful_shutdown|jitsi_jvb_shutting_down\",bridge_url!=\"\"})",
          "HEADROOM_MAX_LOAD",
          "0.8",
          "HEADROOM_CAPACITY_QUERY",
          "");

  /** Every variable the service reads, in the contract's order, with its default (or null). */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("HEADROOM_PROMETHEUS_URL", null);
    d.put("HEADROOM_PROMETHEUS_USER", null);
    d.put("HEADROOM_PROMETHEUS_PASSWORD", null);
    d.put("HEADROOM_PROMETHEUS_TIMEOUT", "5s");
    d.put("HEADROOM_POLL_INTERVAL", "30s");
    d.put(
        "HEADROOM_LOAD_QUERY",
        "1 - avg by (bridge_url, region) (rate(node_cpu_seconds_total{mode=\"idle\",bridge_url!=\"\"}[1m]))");
    d.put("HEADROOM_HEALTH_QUERY", "min by (bridge_url, region) (up{bridge_url!=\"\"})");
    d.put("HEADROOM_DRAIN_QUERY", "max by (bridge_url) (headroom_bridge_draining)");
    d.put("HEADROOM_BRIDGE_LABEL", "bridge_url");
    d.put("HEADROOM_REGION_LABEL", "region");
    d.put("HEADROOM_MAX_LOAD", "0.85");
    d.put("HEADROOM_ROOM_COST", "0.02");
    d.put("HEADROOM_MAX_STALENESS", "5m");
    d.put("HEADROOM_PORT", "8080");
    d.put("HEADROOM_BIND", "0.0.0.0");
    d.put("HEADROOM_RATE_LIMIT", "30");
    d.put("HEADROOM_TRUSTED_PROXIES", "");
    d.put("HEADROOM_ADMIN_TOKEN", null);
    d.put("HEADROOM_HARD_MAX_LOAD", "0.95");
    d.put("HEADROOM_REGION_NAMES", "");
    d.put("HEADROOM_SIGNALS", "node");
    d.put(
        "HEADROOM_CAPACITY_QUERY",
        "count by (bridge_url) (node_cpu_seconds_total{mode=\"idle\",bridge_url!=\"\"})");
    d.put("HEADROOM_PROMETHEUS_CA", null);
    d.put("HEADROOM_PROMETHEUS_PASSWORD_FILE", null);
    d.put("HEADROOM_ADMIN_TOKEN_FILE", null);
    // The other replicas' rooms (see PeerLedger); empty = off, each replica then decides alone.
    d.put("HEADROOM_PEERS_QUERY", "sum by (bridge, replica) (headroom_assignments_total)");
    // Longer than the load balancer needs to see /readyz fail (terraform/loadbalancer.tf: checks
    // every 5 s, 2 failures, so 10-15 s), with margin.
    d.put("HEADROOM_SHUTDOWN_DELAY", "20s");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  /** The longest HEADROOM_SHUTDOWN_DELAY accepted: a stop that takes longer looks hung. */
  static final Duration MAX_SHUTDOWN_DELAY = Duration.ofMinutes(5);

  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The defaults alone: what {@code demo} runs with when nothing is set. */
  public static Settings defaults() {
    return load(Map.of(), List.of());
  }

  /**
   * Reads the settings from {@code env} (normally {@link System#getenv()}) and {@code flags}
   * ({@code --name value} pairs, later ones winning), validating every value.
   *
   * @throws SettingsException naming the first variable that is wrong
   * @throws IllegalArgumentException for a flag that names no setting or lacks its value
   */
  public static Settings load(Map<String, String> env, List<String> flags) {
    Map<String, String> raw = new LinkedHashMap<>(DEFAULTS);
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(key);
      if (v != null) {
        raw.put(key, v);
      }
    }
    Map<String, String> fromFlags = flagValues(flags);
    raw.putAll(fromFlags);
    java.util.Set<String> explicit = fromFlags.keySet();
    Signals signals = signals(raw.get("HEADROOM_SIGNALS"));
    if (signals == Signals.JVB) {
      // The jvb set replaces only the defaults: a variable or flag the operator gave wins.
      JVB_DEFAULTS.forEach(
          (key, value) -> {
            if (!env.containsKey(key) && !explicit.contains(key)) {
              raw.put(key, value);
            }
          });
    }
    Reader r = new Reader(raw);

    Optional<URI> url = r.optional("HEADROOM_PROMETHEUS_URL").map(v -> baseUrl(v));
    Optional<String> user = r.optional("HEADROOM_PROMETHEUS_USER");
    Optional<Secret> password =
        Optional.ofNullable(SecretFiles.resolve(raw, "HEADROOM_PROMETHEUS_PASSWORD"));
    if (password.isPresent() && user.isEmpty()) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_PASSWORD", "is set but HEADROOM_PROMETHEUS_USER is not");
    }
    if (user.isPresent() && password.isEmpty()) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_USER", "is set but HEADROOM_PROMETHEUS_PASSWORD is not");
    }
    Duration poll = r.duration("HEADROOM_POLL_INTERVAL");
    if (poll.compareTo(Duration.ofMillis(100)) < 0) {
      throw new SettingsException("HEADROOM_POLL_INTERVAL", "must be at least 100ms");
    }
    boolean timeoutGiven = env.containsKey("HEADROOM_PROMETHEUS_TIMEOUT") || explicit.contains("HEADROOM_PROMETHEUS_TIMEOUT");
    Duration timeout = r.duration("HEADROOM_PROMETHEUS_TIMEOUT");
    if (!timeoutGiven && timeout.compareTo(poll) >= 0) {
      // Only the poll interval was shortened: shorten the default timeout with it.
      timeout = poll.dividedBy(2);
    }
    if (timeout.isZero()) {
      throw new SettingsException("HEADROOM_PROMETHEUS_TIMEOUT", "must be above 0");
    }
    if (timeout.compareTo(poll) >= 0) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_TIMEOUT",
          "must be below HEADROOM_POLL_INTERVAL (" + Durations.format(poll) + ")");
    }
    Duration staleness = r.duration("HEADROOM_MAX_STALENESS");
    if (staleness.compareTo(poll) <= 0) {
      throw new SettingsException(
          "HEADROOM_MAX_STALENESS",
          "must be longer than HEADROOM_POLL_INTERVAL (" + Durations.format(poll) + ")");
    }
    double maxLoad = r.fraction("HEADROOM_MAX_LOAD", false);
    if (maxLoad == 0) {
      throw new SettingsException("HEADROOM_MAX_LOAD", "must be above 0");
    }
    double roomCost = r.fraction("HEADROOM_ROOM_COST", true);
    int port = r.integer("HEADROOM_PORT", 0, 65535);
    String bind = r.required("HEADROOM_BIND");
    if (!bind.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new SettingsException("HEADROOM_BIND", "must be an IP address or host name");
    }
    int rateLimit = r.integer("HEADROOM_RATE_LIMIT", 0, 1_000_000);
    List<Cidr> proxies = new ArrayList<>();
    for (String part : raw.getOrDefault("HEADROOM_TRUSTED_PROXIES", "").split(",")) {
      if (!part.isBlank()) {
        try {
          proxies.add(Cidr.parse(part));
        } catch (IllegalArgumentException e) {
          throw new SettingsException("HEADROOM_TRUSTED_PROXIES", e.getMessage());
        }
      }
    }
        double hardMaxLoad = r.fraction("HEADROOM_HARD_MAX_LOAD", false);
    if (hardMaxLoad < maxLoad) {
      throw new SettingsException(
          "HEADROOM_HARD_MAX_LOAD", "must be at least HEADROOM_MAX_LOAD (" + maxLoad + ")");
    }
    Map<String, String> regionNames = regionNames(raw.getOrDefault("HEADROOM_REGION_NAMES", ""));
    Optional<Secret> admin = Optional.ofNullable(SecretFiles.resolve(raw, "HEADROOM_ADMIN_TOKEN"));
    Optional<java.nio.file.Path> ca = r.optional("HEADROOM_PROMETHEUS_CA").map(java.nio.file.Path::of);
    if (ca.isPresent()) {
      try {
        PemCertificates.read(ca.get());
      } catch (IllegalArgumentException e) {
        throw new SettingsException("HEADROOM_PROMETHEUS_CA", e.getMessage());
      }
    }
    Duration shutdownDelay = r.duration("HEADROOM_SHUTDOWN_DELAY");
    if (shutdownDelay.compareTo(MAX_SHUTDOWN_DELAY) > 0) {
      throw new SettingsException(
          "HEADROOM_SHUTDOWN_DELAY",
          "must be at most " + Durations.format(MAX_SHUTDOWN_DELAY) + " (systemd's stop timeout must exceed it)");
    }
    return new Settings(
        url,
        user,
        password,
        timeout,
        poll,
        r.required("HEADROOM_LOAD_QUERY"),
        r.required("HEADROOM_HEALTH_QUERY"),
        r.required("HEADROOM_DRAIN_QUERY"),
        r.label("HEADROOM_BRIDGE_LABEL"),
        r.label("HEADROOM_REGION_LABEL"),
        maxLoad,
        roomCost,
        staleness,
        port,
        bind,
        rateLimit,
        List.copyOf(proxies),
        admin,
        hardMaxLoad,
        regionNames,
        signals,
        capacityQuery(raw.get("HEADROOM_CAPACITY_QUERY")),
        ca,
        raw.getOrDefault("HEADROOM_PEERS_QUERY", "").trim(),
        shutdownDelay);
  }

  private static Signals signals(String text) {
    String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Signals s : Signals.values()) {
      if (s.label().equals(v)) {
        return s;
      }
    }
    throw new SettingsException(
        "HEADROOM_SIGNALS", "must be node or jvb, was '" + (text == null ? "" : text.trim()) + "'");
  }

  /** Empty or {@code none}: no capacity query, every bridge counts as the median size. */
  private static Optional<String> capacityQuery(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    return Optional.of(text.trim());
  }

  /** Checks what {@code serve} and {@code plan} need beyond the defaults: a Prometheus URL. */
  public Settings requirePrometheus() {
    if (prometheusUrl.isEmpty()) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_URL", "is required (the base URL of the Prometheus HTTP API)");
    }
    return this;
  }

  /** Converts an environment variable name to its flag: HEADROOM_POLL_INTERVAL → --poll-interval. */
  public static String flagFor(String variable) {
    return "--" + variable.substring("HEADROOM_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Map<String, String> flagValues(List<String> flags) {
    Map<String, String> byFlag = new LinkedHashMap<>();
    for (String key : DEFAULTS.keySet()) {
      byFlag.put(flagFor(key), key);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < flags.size(); i++) {
      String flag = flags.get(i);
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      String key = byFlag.get(flag);
      if (key == null) {
        throw new IllegalArgumentException("unknown option " + flag);
      }
      if (value == null) {
        if (i + 1 >= flags.size()) {
          throw new IllegalArgumentException("option " + flag + " needs a value");
        }
        value = flags.get(++i);
      }
      out.put(key, value);
    }
    return out;
  }

  private static URI baseUrl(String text) {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new SettingsException("HEADROOM_PROMETHEUS_URL", "is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_URL", "must be an http:// or https:// URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_URL",
          "must not carry credentials; use HEADROOM_PROMETHEUS_USER and _PASSWORD");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new SettingsException(
          "HEADROOM_PROMETHEUS_URL", "must be a base URL without query or fragment");
    }
    return uri;
  }

  private static final Pattern REGION_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /**
   * {@code HEADROOM_REGION_NAMES}: {@code code=Name} pairs separated by commas
   * ({@code fr-par=Paris,nl-ams=Amsterdam}), the names people see on the room page.
   */
  private static Map<String, String> regionNames(String value) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      String code = eq < 0 ? part.trim() : part.substring(0, eq).trim();
      String name = eq < 0 ? "" : part.substring(eq + 1).trim();
      if (eq < 0 || !REGION_CODE.matcher(code).matches() || name.isEmpty() || name.length() > 64) {
        throw new SettingsException(
            "HEADROOM_REGION_NAMES",
            "must be code=Name pairs separated by commas like fr-par=Paris,nl-ams=Amsterdam, not '"
                + part.trim() + "'");
      }
      if (names.put(code, name) != null) {
        throw new SettingsException("HEADROOM_REGION_NAMES", "names the region '" + code + "' twice");
      }
    }
    return Collections.unmodifiableMap(names);
  }

  /** One line: every setting, secrets masked. */
  @Override
  public String toString() {
    return "prometheusUrl="
        + prometheusUrl.map(URI::toString).orElse("(none)")
        + " prometheusUser="
        + prometheusUser.orElse("(none)")
        + " prometheusPassword="
        + (prometheusPassword.isPresent() ? "****" : "(none)")
        + " prometheusTimeout="
        + Durations.format(prometheusTimeout)
        + " pollInterval="
        + Durations.format(pollInterval)
        + " maxLoad="
        + maxLoad
        + " hardMaxLoad="
        + hardMaxLoad
        + " regionNames="
        + regionNames
        + " roomCost="
        + roomCost
        + " maxStaleness="
        + Durations.format(maxStaleness)
        + " bind="
        + bind
        + ":"
        + port
        + " rateLimit="
        + rateLimit
        + "/min trustedProxies="
        + trustedProxies
        + " adminToken="
        + (adminToken.isPresent() ? "****" : "(none)")
        + " prometheusCa="
        + prometheusCa.map(java.nio.file.Path::toString).orElse("(none)")
        + " shutdownDelay="
        + Durations.format(shutdownDelay)
        + " bridgeLabel="
        + bridgeLabel
        + " regionLabel="
        + regionLabel
        + " loadQuery="
        + loadQuery
        + " healthQuery="
        + healthQuery
        + " drainQuery="
        + drainQuery
        + " signals="
        + signals.label()
        + " capacityQuery="
        + capacityQuery.orElse("(none)")
        + " peersQuery="
        + (peersQuery.isEmpty() ? "(off)" : peersQuery);
  }

  private record Reader(Map<String, String> raw) {
    Optional<String> optional(String key) {
      String v = raw.get(key);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String required(String key) {
      return optional(key).orElseThrow(() -> new SettingsException(key, "must not be empty"));
    }

    Duration duration(String key) {
      try {
        return Durations.parse(required(key));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(key, e.getMessage());
      }
    }

    double fraction(String key, boolean zeroAllowed) {
      double v;
      try {
        v = Double.parseDouble(required(key));
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!(v >= 0 && v <= 1) || (!zeroAllowed && v == 0)) {
        throw new SettingsException(
            key, "must be a number " + (zeroAllowed ? "from 0" : "above 0") + " up to 1");
      }
      return v;
    }

    int integer(String key, int min, int max) {
      try {
        int v = Integer.parseInt(required(key));
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new SettingsException(key, "must be a whole number from " + min + " to " + max);
    }

    String label(String key) {
      String v = required(key);
      if (!LABEL.matcher(v).matches()) {
        throw new SettingsException(key, "must be a Prometheus label name like bridge_url");
      }
      return v;
    }
  }
}
