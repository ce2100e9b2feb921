package dev.headroom.prometheus;

import java.time.Instant;
import java.util.Map;

/**
 * One element of an instant vector: its labels, its value and the evaluation timestamp.
 *
 * @param labels the series labels (without {@code __name__} when the query aggregated it away)
 * @param value the value; may be {@code NaN} or infinite, exactly as Prometheus sent it
 * @param timestamp when Prometheus evaluated the query
 */
public record Sample(Map<String, String> labels, double value, Instant timestamp) {
  public Sample {
    labels = Map.copyOf(labels);
  }

  /** The label's value, or the empty string when the series does not carry it. */
  public String label(String name) {
    return labels.getOrDefault(name, "");
  }
}
