/**
 * The fleet as Headroom last saw it: {@link dev.headroom.fleet.FleetSnapshot immutable snapshots}
 * of every bridge, produced by a {@link dev.headroom.fleet.FleetSource} (Prometheus in production,
 * a simulation in the demo) and refreshed by the {@link dev.headroom.fleet.Poller}.
 */
package dev.headroom.fleet;
