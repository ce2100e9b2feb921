package dev.headroom.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two consecutive snapshots, as the sentences an operator reads in the log:
 * one per kind of change (appeared, gone, down, back, draining, no longer draining), each naming
 * the bridges. Stateless and thread-safe.
 */
final class FleetChanges {
  private FleetChanges() {}

  /** The sentences for the step from {@code previous} to {@code now}; empty when nothing changed. */
  static List<String> between(FleetSnapshot previous, FleetSnapshot now) {
    Set<String> appeared = new TreeSet<>();
    Set<String> down = new TreeSet<>();
    Set<String> back = new TreeSet<>();
    Set<String> draining = new TreeSet<>();
    Set<String> undrained = new TreeSet<>();
    for (Bridge b : now.bridges()) {
      Bridge before = previous.bridge(b.url()).orElse(null);
      if (before == null) {
        appeared.add(b.url());
        continue;
      }
      if (before.healthy() && !b.healthy()) {
        down.add(b.url());
      } else if (!before.healthy() && b.healthy()) {
        back.add(b.url());
      }
      if (!before.draining() && b.draining()) {
        draining.add(b.url());
      } else if (before.draining() && !b.draining()) {
        undrained.add(b.url());
      }
    }
    Set<String> gone = new TreeSet<>();
    for (Bridge b : previous.bridges()) {
      if (now.bridge(b.url()).isEmpty()) {
        gone.add(b.url());
      }
    }
    List<String> out = new ArrayList<>();
    add(out, "Bridge(s) appeared: ", appeared);
    add(out, "Bridge(s) gone from the newest poll: ", gone);
    add(out, "Bridge(s) down (health query reports them unhealthy): ", down);
    add(out, "Bridge(s) back up: ", back);
    add(out, "Bridge(s) draining, no new rooms: ", draining);
    add(out, "Bridge(s) no longer draining, taking rooms again: ", undrained);
    return out;
  }

  private static void add(List<String> out, String what, Set<String> urls) {
    if (!urls.isEmpty()) {
      out.add(what + urls);
    }
  }
}
