/**
 * Headroom's own metrics on a Micrometer Prometheus registry, named as the contract lists them
 * ({@code headroom_assignments_total}, {@code headroom_poll_duration_seconds}, ...).
 */
package dev.headroom.metrics;
