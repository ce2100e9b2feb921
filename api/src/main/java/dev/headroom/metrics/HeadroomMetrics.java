package dev.headroom.metrics;

import dev.headroom.capacity.Planner;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetSourceException;
import dev.headroom.fleet.FleetView;
import dev.headroom.fleet.Poller;
import dev.headroom.policy.BridgeStatus;
import dev.headroom.policy.Policy;
import dev.headroom.prometheus.PrometheusException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every metric the contract names, on one Prometheus registry. Gauges are computed when scraped
 * from the current snapshot, so they are never behind. Thread-safe.
 */
public final class HeadroomMetrics implements Poller.Listener {
  /** The reasons {@code headroom_assign_rejected_total} is labelled with, pre-registered at 0. */
  public static final List<String> REJECT_REASONS =
      List.of("bad_request", "invalid_room", "unknown_region", "rate_limited", "no_capacity", "no_data", "unauthorized");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer pollDuration;
  private volatile FleetView fleet;
  private volatile Policy policy;
  private final String replica;

  public HeadroomMetrics(Clock clock, Planner planner) {
    this(clock, planner, "");
  }

  /**
   * @param replica this process's replica id, the {@code replica} label of {@code
   *     headroom_assignments_total} (so every replica can tell its own rooms from the others' in
   *     Prometheus); empty for none
   */
  public HeadroomMetrics(Clock clock, Planner planner, String replica) {
    this.replica = replica;
    pollDuration =
        Timer.builder("headroom.poll.duration")
            .description("Time one poll of the fleet took, failed polls included")
            .register(registry);
    for (PrometheusException.Reason r : PrometheusException.Reason.values()) {
      pollFailures(r.label());
    }
    pollFailures("empty");
    for (String reason : REJECT_REASONS) {
      rejectCounter(reason);
    }
    Gauge.builder("headroom.snapshot.age", this, m -> m.snapshot().map(s -> Duration.between(s.takenAt(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
        .description("Age of the newest fleet snapshot; NaN before the first")
        .baseUnit("seconds")
        .register(registry);
    for (BridgeStatus.State state : BridgeStatus.State.values()) {
      Gauge.builder("headroom.bridges", this, m -> m.countInState(state))
          .description("Bridges in each state, as this replica sees them")
          .tag("state", state.label())
          .register(registry);
    }
    Gauge.builder("headroom.bridges.without.load.sample", this, m -> m.withoutLoadSample())
        .description("Healthy bridges the last poll had no load sample for (kept at their last known load, or unknown)")
        .register(registry);
    Gauge.builder("headroom.recommended.bridges", this, m -> m.snapshot().map(s -> (double) planner.plan(s).recommended()).orElse(Double.NaN))
        .description("Recommended bridge count from the current load and the step scaling policy")
        .register(registry);
  }

  /**
   * Exports {@code headroom_peer_fanout}: how many rooms all replicas hand out for each one this
   * replica does, as the peers query shows it (1 when alone or when the query is off).
   */
  public void bindPeers(dev.headroom.policy.PeerLedger peers) {
    Gauge.builder("headroom.peer.fanout", peers, dev.headroom.policy.PeerLedger::fanOut)
        .description("Rooms all replicas hand out per room this replica does (peers query); 1 when alone")
        .register(registry);
  }

  /** Connects the gauges to the live fleet and policy (they read NaN / 0 until then). */
  public void bind(FleetView fleet, Policy policy) {
    this.fleet = fleet;
    this.policy = policy;
  }

  private Optional<FleetSnapshot> snapshot() {
    FleetView f = fleet;
    return f == null ? Optional.empty() : f.current();
  }

  private double countInState(BridgeStatus.State state) {
    Policy p = policy;
    return snapshot()
        .filter(s -> p != null)
        .map(s -> p.status(s).stream().filter(b -> b.state() == state).count())
        .orElse(0L);
  }


  private double withoutLoadSample() {
    return snapshot()
        .map(s -> s.bridges().stream().filter(b -> b.healthy() && b.loadSample() != dev.headroom.fleet.Bridge.LoadSample.FRESH).count())
        .orElse(0L);
  }

  /** Counts one room handed out. */
  public void assigned(String bridge, String region) {
    Counter.builder("headroom.assignments")
        .description("Rooms handed out, by bridge and region")
        .tag("bridge", bridge)
        .tag("region", region)
        .tags(replica.isEmpty() ? java.util.List.of() : java.util.List.of(io.micrometer.core.instrument.Tag.of("replica", replica)))
        .register(registry)
        .increment();
  }

  private Counter rejectCounter(String reason) {
    return Counter.builder("headroom.assign.rejected")
        .description("Refused /assign requests, by error code")
        .tag("reason", reason)
        .register(registry);
  }

  /** Counts one refused {@code /assign}, by the contract's error code. */
  public void reject(String reason) {
    rejectCounter(reason).increment();
  }

  private Counter pollFailures(String reason) {
    return Counter.builder("headroom.poll.failures")
        .description("Polls that produced no snapshot, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void polled(FleetSnapshot snapshot, Duration took) {
    pollDuration.record(took);
  }

  @Override
  public void failed(FleetSourceException cause, Duration took) {
    pollDuration.record(took);
    pollFailures(cause.reason()).increment();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  /** The underlying registry, for JVM and HTTP server binders. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
