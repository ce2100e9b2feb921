/**
 * JMH benchmarks: one decision at 10, 1,000 and 10,000 bridges, and one poll of a recorded
 * 10,000-series Prometheus answer. Each comes with a baseline measured in the same run so the
 * figures can be quoted as ratios.
 */
package dev.headroom.bench;
