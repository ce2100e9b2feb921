package dev.headroom.fleet;

import dev.headroom.prometheus.PrometheusClient;
import dev.headroom.prometheus.QueryResult;
import dev.headroom.prometheus.Sample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet source that also reads every replica's assignment counters (the peers query, by default
 * {@code sum by (bridge, replica) (headroom_assignments_total)}) alongside each poll and hands them
 * to an observer (the policy's {@code PeerLedger}) before the snapshot is published.
 *
 * <p>The peers query runs side by side with the fleet queries and can never fail the poll: when it
 * fails, times out or returns series without {@code bridge} and {@code replica} labels, the
 * snapshot is published as usual, the observer hears nothing (each replica then decides as if
 * alone) and one WARN line says why — once, until the query answers again (INFO).
 *
 * <p>Called from the poller's single thread, like every {@link FleetSource}.
 */
public final class PeerCountingSource implements FleetSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerCountingSource.class);

  private final FleetSource fleet;
  private final PrometheusClient client;
  private final String query;
  private final BiConsumer<Map<String, Map<String, Double>>, Instant> observer;
  private String lastProblem;

  /**
   * @param fleet the source of the snapshots (closed with this one when it is {@link AutoCloseable})
   * @param client runs the peers query (closed with this source)
   * @param observer receives replica id → bridge URL → counter value, and the snapshot's time
   */
  public PeerCountingSource(
      FleetSource fleet,
      PrometheusClient client,
      String query,
      BiConsumer<Map<String, Map<String, Double>>, Instant> observer) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.client = Objects.requireNonNull(client, "client");
    this.query = Objects.requireNonNull(query, "query");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public FleetSnapshot fetch(Instant now) throws FleetSourceException {
    CompletableFuture<QueryResult> peers = client.query(query);
    FleetSnapshot snapshot = fleet.fetch(now);
    Map<String, Map<String, Double>> counters = counters(peers);
    if (counters != null) {
      observer.accept(counters, snapshot.takenAt());
    }
    return snapshot;
  }

  private Map<String, Map<String, Double>> counters(CompletableFuture<QueryResult> peers) {
    QueryResult result;
    try {
      result = peers.get();
    } catch (ExecutionException e) {
      problem("it failed: " + e.getCause().getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    Map<String, Map<String, Double>> out = new HashMap<>();
    int unlabelled = 0;
    for (Sample s : result.samples()) {
      String replica = s.label("replica");
      String bridge = s.label("bridge");
      if (replica.isEmpty() || bridge.isEmpty() || !Double.isFinite(s.value())) {
        unlabelled++;
        continue;
      }
      out.computeIfAbsent(replica, r -> new HashMap<>()).merge(bridge, s.value(), Double::sum);
    }
    if (unlabelled > 0 && out.isEmpty()) {
      problem(unlabelled + " series came back without both a bridge and a replica label");
      return null;
    }
    if (lastProblem != null) {
      LOG.info("The peers query answers again: {} replica(s) seen", out.size());
      lastProblem = null;
    }
    return out;
  }

  private void problem(String what) {
    if (!what.equals(lastProblem)) {
      LOG.warn(
          "The peers query (HEADROOM_PEERS_QUERY) gave nothing usable, {}; this replica decides without the others' rooms until it does",
          what);
      lastProblem = what;
    }
  }

  @Override
  public void close() {
    client.close();
    if (fleet instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing the fleet source failed: {}", e.toString());
      }
    }
  }
}
