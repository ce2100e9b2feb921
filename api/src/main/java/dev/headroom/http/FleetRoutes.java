package dev.headroom.http;

import dev.headroom.capacity.Planner;
import dev.headroom.config.Settings;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetView;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.BridgeStatus;
import dev.headroom.policy.Policy;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The routes that show the fleet and this replica: {@code /bridges} (admin token when set),
 * {@code /regions} (public, for the room page), {@code /readyz} and {@code /metrics}. They only
 * read; none changes a decision. Thread-safe.
 */
final class FleetRoutes {
  private final Settings settings;
  private final FleetView fleet;
  private final Policy policy;
  private final HeadroomMetrics metrics;
  private final Planner planner;
  private final Freshness freshness;
  private final BooleanSupplier shuttingDown;

  FleetRoutes(
      Settings settings,
      FleetView fleet,
      Policy policy,
      HeadroomMetrics metrics,
      Planner planner,
      Freshness freshness,
      BooleanSupplier shuttingDown) {
    this.settings = settings;
    this.fleet = fleet;
    this.policy = policy;
    this.metrics = metrics;
    this.planner = planner;
    this.freshness = freshness;
    this.shuttingDown = shuttingDown;
  }

  void bridges(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (settings.adminToken().isPresent()) {
      String auth = ctx.header("Authorization");
      String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
      if (!settings.adminToken().get().matches(token)) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"headroom\"");
        throw new ApiError(401, "unauthorized", "This page needs the admin token (Authorization: Bearer ...).");
      }
    }
    Optional<FleetSnapshot> snapshot = fleet.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("snapshotAgeSeconds", snapshot.map(s -> Freshness.round(freshness.ageSeconds(s), 1)).orElse(null));
    body.put("degraded", snapshot.map(freshness::degraded).orElse(true));
    body.put("maxLoad", policy.maxLoad());
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    if (snapshot.isPresent()) {
      Planner.Plan plan = planner.plan(snapshot.get());
      List<BridgeStatus> statuses = policy.status(snapshot.get());
      summary.put("eligible", statuses.stream().filter(b -> b.state() == BridgeStatus.State.OK).count());
      summary.put("averageLoad", Freshness.round(plan.avgLoad(), 3));
      summary.put("recommendedBridges", plan.recommended());
      summary.put("countedBridges", plan.bridges());
      summary.put("recommendedChange", plan.recommended() - plan.bridges());
      summary.put("recommendationReason", planner.reason(snapshot.get()));
      for (BridgeStatus b : statuses) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("url", b.bridge().url());
        row.put("region", b.bridge().region());
        row.put("load", Double.isFinite(b.bridge().load()) ? Freshness.round(b.bridge().load(), 3) : null);
        row.put("estimatedLoad", Double.isFinite(b.estimatedLoad()) ? Freshness.round(b.estimatedLoad(), 3) : null);
        row.put("state", b.state().label());
        row.put("loadSample", b.bridge().loadSample().label());
        row.put("assignedSinceSnapshot", b.assignedSinceSnapshot());
        row.put("size", b.bridge().sized() ? b.bridge().size() : null);
        rows.add(row);
      }
    }
    body.put("summary", summary);
    body.put("bridges", rows);
    ctx.json(body);
  }

  void regions(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    List<Map<String, Object>> regions = new ArrayList<>();
    fleet.current()
        .ifPresent(
            s -> {
              Map<String, int[]> counts = new LinkedHashMap<>();
              for (String r : s.regions()) {
                counts.put(r, new int[2]);
              }
              for (BridgeStatus b : policy.status(s)) {
                int[] c = counts.get(b.bridge().region());
                if (c != null) {
                  c[0]++;
                  if (b.state() == BridgeStatus.State.OK) {
                    c[1]++;
                  }
                }
              }
              counts.forEach(
                  (name, c) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", name);
                    row.put("bridges", c[0]);
                    row.put("eligible", c[1]);
                    String label = settings.regionNames().get(name);
                    if (label != null) {
                      row.put("label", label);
                    }
                    regions.add(row);
                  });
            });
    ctx.json(Map.of("regions", regions));
  }

  void readyz(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (shuttingDown.getAsBoolean()) {
      ctx.status(503).json(Map.of("ready", false, "reason", "shutting down"));
    } else if (fleet.current().isEmpty()) {
      ctx.status(503).json(Map.of("ready", false, "reason", "no fleet snapshot yet"));
    } else {
      ctx.json(Map.of("ready", true));
    }
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }
}
