package dev.headroom.capacity;

import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;

/**
 * Recommends a bridge count from a snapshot.
 *
 * <p>The count is every bridge in the snapshot that is not draining (draining bridges are on their
 * way out); the average load is taken over those of them that are up. The highest scale-out
 * step whose threshold the average reaches adds its percentage of the count; otherwise the lowest
 * scale-in step whose threshold the average is below removes its percentage. Fractions round the
 * way AWS step scaling rounds a percent change: a magnitude above 1 is truncated toward zero, one
 * between 0 and 1 becomes 1. The result is clamped to {@code [min, max]}. Immutable, thread-safe.
 */
public final class Planner {
  private final StepPolicy scaleOut;
  private final StepPolicy scaleIn;
  private final int min;
  private final int max;

  public Planner(StepPolicy scaleOut, StepPolicy scaleIn, int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + ", max " + max);
    }
    this.scaleOut = scaleOut;
    this.scaleIn = scaleIn;
    this.min = min;
    this.max = max;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /** The defaults: scale out {@code 75=10,85=40}, scale in {@code 25=10}, 2 to 500 bridges. */
  public static Planner defaults() {
    return new Planner(StepPolicy.parse("75=10,85=40"), StepPolicy.parse("25=10"), 2, 500);
  }

  /**
   * The advice for one snapshot. When the bridges' sizes differ (see {@link #planInSizes}),
   * capacity is counted in sizes, not hosts.
   */
  public Plan plan(FleetSnapshot snapshot) {
    Plan sized = planInSizes(snapshot);
    if (sized != null) {
      return sized;
    }
    int count = 0;
    int up = 0;
    double sum = 0;
    for (Bridge b : snapshot.bridges()) {
      if (!b.draining()) {
        count++;
        if (b.up()) {
          up++;
          sum += Math.min(1, b.load());
        }
      }
    }
    double avg = up == 0 ? 0 : sum / up;
    return new Plan(count, avg, recommend(count, avg, up > 0));
  }

  /**
   * Capacity in sizes, for a fleet whose bridges differ in size (a bridge without a size counts
   * as the median size): the average load is weighted by size, the step policy is applied to the
   * capacity counted in median-sized bridges, and the change is advised in bridges of the median
   * size (what {@code bridge_count} adds or removes). {@code null} when all sizes are equal.
   */
  private Plan planInSizes(FleetSnapshot snapshot) {
    double median = snapshot.medianSize();
    if (Double.isNaN(median)) {
      return null;
    }
    int count = 0;
    double capacity = 0;
    double upSize = 0;
    double weighted = 0;
    boolean differ = false;
    for (Bridge b : snapshot.bridges()) {
      if (!b.draining()) {
        double size = b.sized() ? b.size() : median;
        differ |= size != median;
        count++;
        capacity += size;
        if (b.up()) {
          upSize += size;
          weighted += Math.min(1, b.load()) * size;
        }
      }
    }
    if (!differ) {
      return null;
    }
    double avg = upSize == 0 ? 0 : weighted / upSize;
    int units = (int) Math.round(capacity / median);
    int advisedUnits = new Planner(scaleOut, scaleIn, 0, Integer.MAX_VALUE).recommend(units, avg, upSize > 0);
    return new Plan(count, avg, clamp(count + advisedUnits - units));
  }

  /** The recommended count for {@code count} bridges at {@code avgLoad} (0..1). */
  public int recommend(int count, double avgLoad, boolean haveData) {
    if (!haveData) {
      return clamp(count);
    }
    double percent = avgLoad * 100;
    double change = 0;
    for (StepPolicy.Step s : scaleOut.steps()) {
      if (percent >= s.thresholdPercent()) {
        change = s.changePercent();
      }
    }
    if (change > 0) {
      return clamp(count + round(count * change / 100));
    }
    for (StepPolicy.Step s : scaleIn.steps()) {
      if (percent < s.thresholdPercent()) {
        return clamp(count - round(count * s.changePercent() / 100));
      }
    }
    return clamp(count);
  }

  /**
   * Why {@link #plan} recommends what it does, as a sentence fragment for the dashboard:
   * {@code "average load 23 % is below the 25 % scale-in threshold"}.
   */
  public String reason(FleetSnapshot snapshot) {
    Plan plan = plan(snapshot);
    boolean haveData = false;
    for (Bridge b : snapshot.bridges()) {
      haveData |= !b.draining() && b.up();
    }
    if (!haveData) {
      return "no bridge reports its load, so the count stays";
    }
    double percent = plan.avgLoad() * 100;
    StepPolicy.Step out = null;
    for (StepPolicy.Step s : scaleOut.steps()) {
      if (percent >= s.thresholdPercent()) {
        out = s;
      }
    }
    String why;
    if (out != null) {
      why = "average load " + percent(percent, out.thresholdPercent()) + " is at or above the "
          + percent(out.thresholdPercent(), -1) + " scale-out threshold";
    } else {
      StepPolicy.Step in = null;
      for (StepPolicy.Step s : scaleIn.steps()) {
        if (percent < s.thresholdPercent()) {
          in = s;
          break;
        }
      }
      if (in != null) {
        why = "average load " + percent(percent, in.thresholdPercent()) + " is below the "
            + percent(in.thresholdPercent(), -1) + " scale-in threshold";
      } else {
        why = "average load " + percent(percent, -1) + " is within the scaling thresholds";
      }
    }
    int draining = snapshot.bridges().size() - plan.bridges();
    if (draining > 0) {
      why += " (" + plan.bridges() + (plan.bridges() == 1 ? " bridge" : " bridges") + " counted, "
          + draining + " draining)";
    }
    int unclamped = recommendUnclamped(plan.bridges(), plan.avgLoad());
    if (unclamped < min && plan.recommended() == min) {
      why += ", and the fleet never goes below " + min;
    } else if (unclamped > max && plan.recommended() == max) {
      why += ", and the fleet never goes above " + max;
    }
    return why;
  }

  private int recommendUnclamped(int count, double avgLoad) {
    double percent = avgLoad * 100;
    double change = 0;
    for (StepPolicy.Step s : scaleOut.steps()) {
      if (percent >= s.thresholdPercent()) {
        change = s.changePercent();
      }
    }
    if (change > 0) {
      return count + round(count * change / 100);
    }
    for (StepPolicy.Step s : scaleIn.steps()) {
      if (percent < s.thresholdPercent()) {
        return count - round(count * s.changePercent() / 100);
      }
    }
    return count;
  }

  /** Whole percent, or one decimal where rounding would make it equal to {@code nextTo}. */
  private static String percent(double value, double nextTo) {
    long whole = Math.round(value);
    if (whole == Math.round(nextTo) && Math.abs(value - nextTo) > 1e-9) {
      return String.format(java.util.Locale.ROOT, "%.1f %%", value);
    }
    return whole + " %";
  }

  private static int round(double magnitude) {
    if (magnitude <= 0) {
      return 0;
    }
    return magnitude < 1 ? 1 : (int) Math.floor(magnitude);
  }

  private int clamp(int n) {
    return Math.max(min, Math.min(max, n));
  }

  /**
   * @param bridges bridges counted (not draining)
   * @param avgLoad average load of the counted bridges that are up, 0..1
   * @param recommended the advised count
   */
  public record Plan(int bridges, double avgLoad, int recommended) {}
}
