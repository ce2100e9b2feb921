/**
 * The demo: a simulated fleet behind the same {@link dev.headroom.fleet.FleetSource} interface as
 * Prometheus, so {@code headroom demo} runs the real poller, policy and HTTP layer.
 */
package dev.headroom.demo;
