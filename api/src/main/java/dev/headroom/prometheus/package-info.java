/**
 * A small client for the Prometheus HTTP API's instant queries ({@code /api/v1/query}), which
 * Prometheus, Thanos, Mimir and VictoriaMetrics all serve.
 *
 * <p>{@link dev.headroom.prometheus.PrometheusClient} is the whole public surface; every failure
 * arrives as a {@link dev.headroom.prometheus.PrometheusException} whose
 * {@link dev.headroom.prometheus.PrometheusException.Reason reason} is fit for a metric label.
 */
package dev.headroom.prometheus;
