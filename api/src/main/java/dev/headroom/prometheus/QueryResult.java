package dev.headroom.prometheus;

import java.util.List;

/**
 * The answer to one instant query: its samples (a scalar answer is one sample without labels)
 * and any warnings the server attached. Immutable.
 */
public record QueryResult(List<Sample> samples, List<String> warnings) {
  public QueryResult {
    samples = List.copyOf(samples);
    warnings = List.copyOf(warnings);
  }
}
