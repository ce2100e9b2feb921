package dev.headroom;

import dev.headroom.capacity.Planner;
import dev.headroom.config.Settings;
import dev.headroom.fleet.FleetSource;
import dev.headroom.fleet.Poller;
import dev.headroom.http.HeadroomApp;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.AssignmentLedger;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.policy.PeerLedger;
import dev.headroom.policy.Policy;
import dev.headroom.fleet.PeerCountingSource;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.prometheus.PrometheusClient;
import dev.headroom.policy.RoomNames;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * One running Headroom: poller, policy, metrics and HTTP server wired from settings and a fleet
 * source. Used by {@code serve} and {@code demo} alike, and by end-to-end tests.
 */
public final class Headroom implements AutoCloseable {
  /** How many of the least loaded bridges a new room is drawn from. */
  public static final int CHOICES = 3;

  /** How close to the least loaded bridge another must be to share new rooms (CPU noise). */
  public static final double SPREAD = 0.05;

  private final Settings settings;
  private final Poller poller;
  private final HeadroomApp app;
  private final FleetSource source;

  public Headroom(Settings settings, FleetSource source, Clock clock, AssignmentListener listener) {
    this.settings = settings;
    Planner planner = Planner.defaults();
    // A random id per process tells this replica's assignment counters from the others'.
    String replica = String.format("%08x", new SecureRandom().nextInt());
    PeerLedger peers = PeerLedger.none();
    if (source instanceof PrometheusFleetSource && !settings.peersQuery().isEmpty()) {
      peers = new PeerLedger(replica, horizon(settings), clock);
      source = new PeerCountingSource(source, prometheusClient(settings), settings.peersQuery(), peers::observe);
    }
    this.source = source;
    HeadroomMetrics metrics = new HeadroomMetrics(clock, planner, replica);
    metrics.bindPeers(peers);
    this.poller = new Poller(source, settings.pollInterval(), clock, metrics);
    Policy policy = policy(settings, clock, ThreadLocalRandom.current(), peers);
    this.app =
        new HeadroomApp(
            settings, poller, policy, new RoomNames(new SecureRandom()), metrics, clock, listener, planner);
  }

  /**
   * The decision policy as {@code serve} and {@code demo} run it, for these settings.
   *
   * @param random must be safe to call from the policy's lock (any {@link RandomGenerator})
   */
  public static Policy policy(Settings settings, Clock clock, RandomGenerator random) {
    return policy(settings, clock, random, PeerLedger.none());
  }

  /** As {@link #policy(Settings, Clock, RandomGenerator)}, counting the other replicas' rooms. */
  public static Policy policy(Settings settings, Clock clock, RandomGenerator random, PeerLedger peers) {
    return new Policy(
        settings.maxLoad(),
        settings.hardMaxLoad(),
        settings.roomCost(),
        CHOICES,
        SPREAD,
        visibility(settings),
        new AssignmentLedger(horizon(settings), clock),
        clock,
        random,
        peers);
  }

  /** Rooms are remembered for as long as a snapshot may be in use before it counts as stale. */
  private static Duration horizon(Settings settings) {
    return settings.maxStaleness().plus(settings.pollInterval());
  }

  /** A Prometheus client as configured (URL, timeout, basic auth, CA), for the peers query. */
  private static PrometheusClient prometheusClient(Settings settings) {
    PrometheusClient.Builder client =
        PrometheusClient.builder(settings.prometheusUrl().orElseThrow()).timeout(settings.prometheusTimeout());
    settings.prometheusUser().ifPresent(user -> client.basicAuth(user, settings.prometheusPassword().orElseThrow()));
    settings.prometheusCa().ifPresent(ca -> client.trust(dev.headroom.config.PemCertificates.read(ca)));
    return client.build();
  }

  /**
   * How long a new room takes to show fully in the polled load. For node_exporter CPU it is the
   * load query's rate window. A videobridge's stress is a gauge without one: JVB samples its CPU
   * every 10 s (the mean over the last 10 s), so a room shows within about two samples.
   */
  static Duration visibility(Settings settings) {
    if (settings.signals() == Settings.Signals.JVB
        && !settings.loadQuery().matches("(?s).*\\[\\d+(ms|s|m|h).*")) {
      return JVB_VISIBILITY;
    }
    return rateWindow(settings.loadQuery());
  }

  /** Two of JVB's 10 s CPU samples (jitsi-videobridge JvbLoadManager, stable/jitsi-meet_9955). */
  static final Duration JVB_VISIBILITY = Duration.ofSeconds(20);

  /**
   * The longest range selector in the load query ({@code [1m]} in the default): how long a new
   * room takes to show fully in the polled load. One minute when the query has none.
   */
  public static Duration rateWindow(String loadQuery) {
    Duration longest = Duration.ZERO;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+(?:ms|s|m|h))(?::[^\\]]*)?\\]").matcher(loadQuery);
    while (m.find()) {
      Duration d = dev.headroom.config.Durations.parse(m.group(1));
      if (d.compareTo(longest) > 0) {
        longest = d;
      }
    }
    return longest.isZero() ? Duration.ofMinutes(1) : longest;
  }

  /** Starts polling and listening on the configured address; logs the start-up line; returns this. */
  public Headroom start() {
    org.slf4j.LoggerFactory.getLogger(Headroom.class).info("Starting Headroom with {}", settings);
    poller.start();
    app.javalin().start(settings.bind(), settings.port());
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return app.javalin().port();
  }

  public Poller poller() {
    return poller;
  }

  public HeadroomApp app() {
    return app;
  }

  /**
   * The SIGTERM path: reports not-ready at once, keeps serving for {@code drain} so the load
   * balancer's health checks notice and stop sending traffic, then stops.
   */
  public void shutDown(Duration drain) {
    app.beginShutdown();
    try {
      Thread.sleep(drain.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  /** Reports not-ready, stops polling and stops the server after in-flight requests. */
  @Override
  public void close() {
    app.beginShutdown();
    poller.close();
    app.javalin().stop();
    if (source instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Headroom.class).warn("Closing the fleet source failed: {}", e.toString());
      }
    }
  }
}
