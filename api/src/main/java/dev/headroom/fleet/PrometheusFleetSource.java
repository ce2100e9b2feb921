package dev.headroom.fleet;

import dev.headroom.config.Settings;
import dev.headroom.prometheus.PrometheusClient;
import dev.headroom.prometheus.PrometheusException;
import dev.headroom.prometheus.QueryResult;
import dev.headroom.prometheus.Sample;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds snapshots from instant queries run side by side: load (busy fraction per bridge),
 * health ({@code 1} = up), drain ({@code 1} = draining) and, when configured, the scrape times
 * ({@link ScrapeTimes}) that date the snapshot.
 *
 * <p>Merging rules: a bridge exists when the load or the health query returns it; several series
 * for one bridge are combined pessimistically (highest load, lowest health, any drain); a healthy
 * bridge without a load sample keeps its load from the last poll that had one ({@link
 * Bridge.LoadSample#STALE}), or has none ({@link Bridge.LoadSample#NONE}), and is never down for
 * it ({@link LoadMemory}); a series
 * whose bridge label is not an http(s) URL is ignored and logged. All three queries must succeed,
 * or the poll fails as a whole; so does a poll that finds no bridge at all (reason {@code empty}),
 * which is far likelier a broken Prometheus or query than a fleet scaled to zero.
 *
 * <p>{@link #fetch} is meant for one poller at a time (it is synchronized): it remembers loads.
 */
public final class PrometheusFleetSource implements FleetSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusFleetSource.class);

  private final PrometheusClient client;
  private final String loadQuery;
  private final String healthQuery;
  private final String drainQuery;
  private final String bridgeLabel;
  private final String regionLabel;
  private final String capacityQuery; // null: no sizes
  private Map<String, Double> lastSizes = Map.of();
  private boolean capacityFailing;
  private Set<String> lastIgnored = Set.of();
  private final String scrapeTimeQuery;
  private final LoadMemory loadMemory;

  /** A source without scrape times: snapshots are dated by the poll's start. */
  public PrometheusFleetSource(
      PrometheusClient client,
      String loadQuery,
      String healthQuery,
      String drainQuery,
      String bridgeLabel,
      String regionLabel) {
    this(client, loadQuery, healthQuery, drainQuery, bridgeLabel, regionLabel, null, false);
  }

  /** A source with a capacity query, without scrape times. */
  public PrometheusFleetSource(
      PrometheusClient client,
      String loadQuery,
      String healthQuery,
      String drainQuery,
      String bridgeLabel,
      String regionLabel,
      String capacityQuery) {
    this(client, loadQuery, healthQuery, drainQuery, bridgeLabel, regionLabel, capacityQuery, false);
  }

  /** A source without a capacity query, dated by scrape times when {@code scrapeTimes}. */
  public PrometheusFleetSource(
      PrometheusClient client,
      String loadQuery,
      String healthQuery,
      String drainQuery,
      String bridgeLabel,
      String regionLabel,
      boolean scrapeTimes) {
    this(client, loadQuery, healthQuery, drainQuery, bridgeLabel, regionLabel, null, scrapeTimes);
  }

  /**
   * @param capacityQuery one series per bridge whose value is its size (CPUs by default), or
   *     {@code null} for none; runs beside the other queries, and when it fails every bridge keeps
   *     its last known size (the poll goes on). A series
   *     for a bridge the load and health queries do not know is ignored; a bridge without a
   *     finite size above 0 has an unknown size (the policy charges it as the median size).
   * @param scrapeTimes whether to date each snapshot by its bridges' scrape times ({@link
   *     ScrapeTimes}, one more query per poll) instead of by the poll's start
   */
  public PrometheusFleetSource(
      PrometheusClient client,
      String loadQuery,
      String healthQuery,
      String drainQuery,
      String bridgeLabel,
      String regionLabel,
      String capacityQuery,
      boolean scrapeTimes) {
    this.capacityQuery = capacityQuery;
    this.scrapeTimeQuery = scrapeTimes ? ScrapeTimes.query(bridgeLabel) : null;
    this.loadMemory = new LoadMemory(dev.headroom.Headroom.rateWindow(loadQuery));
    this.client = client;
    this.loadQuery = loadQuery;
    this.healthQuery = healthQuery;
    this.drainQuery = drainQuery;
    this.bridgeLabel = bridgeLabel;
    this.regionLabel = regionLabel;
  }

  /**
   * The source {@code serve} and {@code plan} poll: a client for {@code HEADROOM_PROMETHEUS_URL}
   * with the configured timeout and basic auth, and the configured queries and labels.
   *
   * @throws java.util.NoSuchElementException when the settings have no Prometheus URL (check
   *     with {@link Settings#requirePrometheus()} first)
   */
  public static PrometheusFleetSource create(Settings settings) {
    PrometheusClient.Builder client =
        PrometheusClient.builder(settings.prometheusUrl().orElseThrow()).timeout(settings.prometheusTimeout());
    settings.prometheusUser().ifPresent(user -> client.basicAuth(user, settings.prometheusPassword().orElseThrow()));
    settings.prometheusCa().ifPresent(ca -> client.trust(dev.headroom.config.PemCertificates.read(ca)));
    return new PrometheusFleetSource(
        client.build(),
        settings.loadQuery(),
        settings.healthQuery(),
        settings.drainQuery(),
        settings.bridgeLabel(),
        settings.regionLabel(),
        settings.capacityQuery().orElse(null),
        true);
  }

  @Override
  public synchronized FleetSnapshot fetch(Instant now) throws FleetSourceException {
    CompletableFuture<QueryResult> load = client.query(loadQuery);
    CompletableFuture<QueryResult> health = client.query(healthQuery);
    CompletableFuture<QueryResult> drain = client.query(drainQuery);
    CompletableFuture<QueryResult> capacity = capacityQuery == null ? null : client.query(capacityQuery);
    CompletableFuture<QueryResult> scraped = scrapeTimeQuery == null ? null : client.query(scrapeTimeQuery);
    QueryResult loadResult = await("load", load);
    QueryResult healthResult = await("health", health);
    QueryResult drainResult = await("drain", drain);
    QueryResult capacityResult = capacity == null ? null : awaitCapacity(capacity);
    QueryResult scrapedResult = scraped == null ? null : await("scrape time", scraped);

    Map<String, Acc> bridges = new LinkedHashMap<>();
    Set<String> ignored = new LinkedHashSet<>();
    for (Sample s : loadResult.samples()) {
      String url = bridgeUrl(s, ignored);
      if (url != null) {
        Acc a = bridges.computeIfAbsent(url, Acc::new);
        a.region(s.label(regionLabel));
        a.load(s.value());
      }
    }
    for (Sample s : healthResult.samples()) {
      String url = bridgeUrl(s, ignored);
      if (url != null) {
        Acc a = bridges.computeIfAbsent(url, Acc::new);
        a.region(s.label(regionLabel));
        a.health(s.value());
      }
    }
    for (Sample s : drainResult.samples()) {
      String url = bridgeUrl(s, ignored);
      Acc a = url == null ? null : bridges.get(url);
      if (a != null && s.value() >= 0.5) {
        a.draining = true;
      }
    }
    if (capacityResult != null) {
      for (Sample s : capacityResult.samples()) {
        String url = bridgeUrl(s, ignored);
        Acc a = url == null ? null : bridges.get(url);
        if (a != null && s.value() > 0 && Double.isFinite(s.value())) {
          // Several series for one bridge: the smallest size is the pessimistic one.
          a.size = Double.isNaN(a.size) ? s.value() : Math.min(a.size, s.value());
        }
      }
      Map<String, Double> sizes = new HashMap<>();
      bridges.forEach((url, a) -> sizes.put(url, a.size));
      lastSizes = sizes;
    } else if (capacity != null) {
      // The capacity query failed: sizes change seldom, so every bridge keeps its last one.
      bridges.forEach((url, a) -> a.size = lastSizes.getOrDefault(url, Double.NaN));
    }
    if (bridges.isEmpty()) {
      // An empty fleet is far likelier a Prometheus that lost its data or a query that matches
      // nothing than a fleet scaled to zero: keep the last known good snapshot instead.
      throw new FleetSourceException(
          "empty",
          "the load and health queries returned no bridge with a " + bridgeLabel + " label",
          null);
    }
    if (!ignored.equals(lastIgnored) && !ignored.isEmpty()) {
      LOG.warn(
          "Ignoring {} series whose {} label is not an http(s) URL: {}",
          ignored.size(),
          bridgeLabel,
          ignored.stream().limit(5).toList());
    }
    lastIgnored = ignored;
    List<Bridge> out = new ArrayList<>(bridges.size());
    for (Acc a : bridges.values()) {
      out.add(a.toBridge());
    }
    Instant dataAt =
        scrapedResult == null ? now : ScrapeTimes.oldest(scrapedResult, bridgeLabel, bridges.keySet(), now);
    return new FleetSnapshot(dataAt, loadMemory.fill(out, now));
  }

  /**
   * The capacity answer, or {@code null} when the query failed: sizes are an optimisation of the
   * room cost, so a failing capacity query is logged (once until it answers again) and never
   * fails the poll.
   */
  private QueryResult awaitCapacity(CompletableFuture<QueryResult> capacity) {
    try {
      QueryResult r = await("capacity", capacity);
      if (capacityFailing) {
        LOG.info("The capacity query answers again: bridge sizes are current");
      }
      capacityFailing = false;
      return r;
    } catch (FleetSourceException e) {
      if (!capacityFailing) {
        LOG.warn("{}; bridges keep their last known sizes until it answers (check HEADROOM_CAPACITY_QUERY)", e.getMessage());
      }
      capacityFailing = true;
      return null;
    }
  }

  /** Closes the Prometheus client this source was given. */
  @Override
  public void close() {
    client.close();
  }

  private QueryResult await(String which, CompletableFuture<QueryResult> future)
      throws FleetSourceException {
    try {
      QueryResult r = future.get();
      if (!r.warnings().isEmpty()) {
        LOG.warn("Prometheus warned about the {} query: {}", which, r.warnings());
      }
      return r;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PrometheusException p) {
        throw new FleetSourceException(
            p.reason().label(), "the " + which + " query failed: " + p.getMessage(), p);
      }
      throw new FleetSourceException(
          "internal", "the " + which + " query failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetSourceException("interrupted", "the poll was interrupted", e);
    }
  }

  private String bridgeUrl(Sample s, Set<String> ignored) {
    String raw = s.label(bridgeLabel).trim();
    String url = normalise(raw);
    if (url == null) {
      ignored.add(raw);
    }
    return url;
  }

  /** The canonical form of a bridge URL, or {@code null} when it is not an http(s) URL. */
  static String normalise(String raw) {
    String t = raw;
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      URI u = new URI(t);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http"))
          && u.getHost() != null
          && u.getRawQuery() == null
          && u.getRawFragment() == null
          && u.getRawUserInfo() == null) {
        return t;
      }
    } catch (Exception e) {
      // not a URI: reported by the caller
    }
    return null;
  }

  private static final class Acc {
    final String url;
    String region = "";
    double load = Double.NaN;
    boolean sawLoad;
    double health = Double.NaN;
    boolean sawHealth;
    boolean draining;
    double size = Double.NaN;

    Acc(String url) {
      this.url = url;
    }

    void region(String r) {
      if (region.isEmpty() && r != null) {
        region = r.trim();
      }
    }

    void load(double v) {
      // NaN wins: an unknown sample makes the whole bridge's load unknown.
      load = !sawLoad ? v : (Double.isNaN(v) || Double.isNaN(load) ? Double.NaN : Math.max(load, v));
      sawLoad = true;
    }

    void health(double v) {
      health = !sawHealth ? v : (Double.isNaN(v) || Double.isNaN(health) ? Double.NaN : Math.min(health, v));
      sawHealth = true;
    }

    Bridge toBridge() {
      boolean healthy = sawHealth ? health >= 0.5 : sawLoad;
      double l = load;
      if (Double.isFinite(l)) {
        l = Math.max(0, l);
      } else {
        l = Double.NaN;
      }
      return new Bridge(url, region, l, healthy, draining, size);
    }
  }
}
