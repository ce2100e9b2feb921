package dev.headroom.fleet;

import dev.headroom.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in the load of healthy bridges the load query returned no sample for, from the last poll
 * that had one, and says so: one WARN per poll naming them with the likely cause, and once, at
 * start-up, the fix when no healthy bridge has had a sample for longer than the rate window.
 *
 * <p>After such a gap the first samples are not trusted for one rate window: {@code rate()} over a
 * series younger than its window (a Prometheus restarted with an empty database) divides by the
 * whole window and reads far too low, which makes {@code 1 - rate(idle)} loads look full. Until
 * the window has passed since the gap ended the bridge keeps its last known load, or none.
 *
 * <p>A bridge's remembered load is dropped as soon as a poll sees it unhealthy or misses it, so a
 * bridge that comes back starts from a fresh sample or none. Not thread-safe: one poller uses it.
 */
final class LoadMemory {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusFleetSource.class);
  private static final int NAMED = 10;

  private final Duration rateWindow;
  private Map<String, Double> lastKnown = new HashMap<>();
  private Map<String, Instant> youngSince = new HashMap<>();
  private java.util.Set<String> gapped = java.util.Set.of();
  private boolean sawAnySample;
  private Instant withoutSamplesSince;
  private boolean advised;

  /** @param rateWindow the load query's rate window ({@code [1m]} by default) */
  LoadMemory(Duration rateWindow) {
    this.rateWindow = rateWindow;
  }

  /**
   * The bridges of one poll with missing loads filled in where an earlier poll knew them.
   *
   * @param now when the poll ran, for the start-up advice
   */
  List<Bridge> fill(List<Bridge> polled, Instant now) {
    Map<String, Double> known = new HashMap<>();
    Map<String, Instant> young = new HashMap<>();
    java.util.Set<String> gaps = new java.util.HashSet<>();
    List<Bridge> out = new ArrayList<>(polled.size());
    List<String> stale = new ArrayList<>();
    List<String> none = new ArrayList<>();
    int healthy = 0;
    boolean anySample = false;
    for (Bridge b : polled) {
      Bridge filled = b;
      if (b.healthy()) {
        healthy++;
        Instant since = gapped.contains(b.url()) ? now : youngSince.get(b.url());
        boolean trusted =
            Double.isFinite(b.load())
                && (since == null || Duration.between(since, now).compareTo(rateWindow) >= 0);
        if (Double.isFinite(b.load())) {
          anySample = true;
          if (!trusted) {
            young.put(b.url(), since);
          }
        }
        if (!trusted) {
          gaps.add(b.url());
          Double last = lastKnown.get(b.url());
          if (last != null) {
            filled = b.withLoad(last, Bridge.LoadSample.STALE);
            stale.add(b.url());
          } else {
            filled = b.withLoad(Double.NaN, Bridge.LoadSample.NONE);
            none.add(b.url());
          }
        }
        if (Double.isFinite(filled.load())) {
          known.put(b.url(), filled.load());
        }
      }
      out.add(filled);
    }
    lastKnown = known;
    youngSince = young;
    // A bridge without a sample now is young from its next sample on.
    gaps.removeAll(young.keySet());
    gapped = gaps;
    if (!stale.isEmpty() || !none.isEmpty()) {
      LOG.warn(
          "{} healthy bridge(s) had no load sample in this poll{}{}. Likely cause: no rate() sample,"
              + " because Prometheus restarted (rate() needs two scrapes inside the window, and reads"
              + " too low until its series span the whole window) or its scrape interval is too long"
              + " for the load query's [{}] window",
          stale.size() + none.size(),
          stale.isEmpty() ? "" : "; kept at their last known load: " + names(stale),
          none.isEmpty() ? "" : "; no load known yet, used only while no other bridge can take rooms: " + names(none),
          Durations.format(rateWindow));
    }
    adviseAtStartUp(healthy, anySample, now);
    return out;
  }

  private void adviseAtStartUp(int healthy, boolean anySample, Instant now) {
    if (sawAnySample || advised) {
      return;
    }
    if (anySample) {
      sawAnySample = true;
      return;
    }
    if (healthy == 0) {
      return;
    }
    if (withoutSamplesSince == null) {
      withoutSamplesSince = now;
    } else if (Duration.between(withoutSamplesSince, now).compareTo(rateWindow) > 0) {
      advised = true;
      Duration quarter = rateWindow.dividedBy(4);
      LOG.warn(
          "No healthy bridge has had a load sample since start-up, for longer than the load query's"
              + " [{}] rate window: Prometheus probably scrapes less often than rate() needs. Fix:"
              + " set scrape_interval to at most {} (a quarter of the window) for the bridges, or"
              + " use a window of at least four scrape intervals in HEADROOM_LOAD_QUERY",
          Durations.format(rateWindow),
          Durations.format(quarter.isZero() ? Duration.ofMillis(1) : quarter));
    }
  }

  private static String names(List<String> urls) {
    return urls.size() <= NAMED
        ? urls.toString()
        : urls.subList(0, NAMED) + " and " + (urls.size() - NAMED) + " more";
  }
}
