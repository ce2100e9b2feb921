/**
 * {@code headroom simulate}: a deterministic discrete-time simulation of a fleet under Poisson
 * arrivals and bursts, measured by stale scrapes and polled by independent replicas, comparing
 * Headroom's real {@link dev.headroom.policy.Policy} with the baselines it replaces.
 */
package dev.headroom.sim;
