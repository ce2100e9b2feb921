package dev.headroom.fleet;

import dev.headroom.prometheus.QueryResult;
import dev.headroom.prometheus.Sample;
import java.time.Instant;

/**
 * When the data behind a poll was scraped, from {@code timestamp(up)}.
 *
 * <p>The timestamps of an instant query's answer are the evaluation time and tell nothing about
 * the data's age; {@code timestamp()} of a plain selector gives each sample's own (scrape) time.
 * {@code up} is chosen because Prometheus (and vmagent, and remote-write) records it for every
 * scrape target whatever the health query reads, so the age stays right with a custom
 * HEADROOM_HEALTH_QUERY too. Per bridge the newest of its targets' scrapes counts; the snapshot is
 * as old as its oldest bridge. Stateless and thread-safe.
 */
final class ScrapeTimes {
  private ScrapeTimes() {}

  /** {@code max by (<label>) (timestamp(up{<label>!=""}))}: one series per bridge. */
  static String query(String bridgeLabel) {
    return "max by (" + bridgeLabel + ") (timestamp(up{" + bridgeLabel + "!=\"\"}))";
  }

  /**
   * The oldest scrape time among the bridges of {@code result} whose URLs the snapshot holds,
   * never later than {@code polledAt}; {@code polledAt} when none has one.
   */
  static Instant oldest(QueryResult result, String bridgeLabel, java.util.Set<String> urls, Instant polledAt) {
    Instant oldest = null;
    for (Sample s : result.samples()) {
      String url = PrometheusFleetSource.normalise(s.label(bridgeLabel).trim());
      double seconds = s.value();
      if (url == null || !urls.contains(url) || !Double.isFinite(seconds) || seconds <= 0) {
        continue;
      }
      Instant at = Instant.ofEpochMilli(Math.round(seconds * 1000));
      if (oldest == null || at.isBefore(oldest)) {
        oldest = at;
      }
    }
    // A Prometheus clock ahead of ours must not put the data in the future.
    return oldest == null || oldest.isAfter(polledAt) ? polledAt : oldest;
  }
}
