package dev.headroom.capacity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step scaling rules in ElasticRTC's notation: {@code 75=10,85=40} means "at 75 % average load or
 * above, add 10 % of the current capacity; at 85 % or above, add 40 %". For scale-in, {@code 25=10}
 * means "below 25 %, remove 10 %". Immutable.
 *
 * @param steps threshold → percentage pairs, sorted by threshold
 */
public record StepPolicy(List<Step> steps) {
  /** One rule: at {@code thresholdPercent}, change capacity by {@code changePercent}. */
  public record Step(double thresholdPercent, double changePercent) {}

  public StepPolicy {
    steps = steps.stream().sorted(Comparator.comparingDouble(Step::thresholdPercent)).toList();
  }

  /**
   * Parses {@code 75=10,85=40}.
   *
   * @throws IllegalArgumentException naming the part that is not {@code threshold=percent} with
   *     both from 0 to 100 (the change may exceed 100 for scale-out)
   */
  public static StepPolicy parse(String text) {
    List<Step> steps = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] kv = p.split("=");
      try {
        if (kv.length != 2) {
          throw new NumberFormatException();
        }
        double threshold = Double.parseDouble(kv[0].trim());
        double change = Double.parseDouble(kv[1].trim());
        if (!(threshold >= 0 && threshold <= 100) || !(change > 0 && change <= 1000)) {
          throw new NumberFormatException();
        }
        steps.add(new Step(threshold, change));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + p + "' is not threshold=percent (like 75=10), threshold 0..100, percent above 0");
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("no step given (expected something like 75=10,85=40)");
    }
    return new StepPolicy(steps);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Step st : steps) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(fmt(st.thresholdPercent)).append('=').append(fmt(st.changePercent));
    }
    return s.toString();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
