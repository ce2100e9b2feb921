package dev.headroom.http;

import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetView;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.policy.Choice;
import dev.headroom.policy.NoCapacityException;
import dev.headroom.policy.Policy;
import dev.headroom.policy.RoomNames;
import dev.headroom.policy.UnknownRegionException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes that hand out rooms: {@code POST /assign} (JSON for the room page and scripts) and
 * {@code GET /r/{room}} (the stable meeting link: a redirect for a person, refusals as a small
 * HTML page with the sentence). Every decision passes the rate limit,
 * needs a snapshot, goes through the {@link Policy}, and is counted in the metrics and told to the
 * listener; refusals are {@link ApiError}s counted by their code. Thread-safe.
 */
final class RoomRoutes {
  private final FleetView fleet;
  private final Policy policy;
  private final RoomNames names;
  private final HeadroomMetrics metrics;
  private final AssignmentListener listener;
  private final RateLimiter rateLimiter;
  private final ClientAddress clientAddress;
  private final RequestParsing parsing;
  private final Freshness freshness;

  RoomRoutes(
      FleetView fleet,
      Policy policy,
      RoomNames names,
      HeadroomMetrics metrics,
      AssignmentListener listener,
      RateLimiter rateLimiter,
      ClientAddress clientAddress,
      RequestParsing parsing,
      Freshness freshness) {
    this.fleet = fleet;
    this.policy = policy;
    this.names = names;
    this.metrics = metrics;
    this.listener = listener;
    this.rateLimiter = rateLimiter;
    this.clientAddress = clientAddress;
    this.parsing = parsing;
    this.freshness = freshness;
  }

  /** {@code POST /assign}: a room, as JSON. */
  void assign(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    try {
      RequestParsing.AssignRequest request = parsing.assignRequest(ctx);
      Assigned a = decide(ctx, request.room(), request.region());
      String bridgeUrl = a.choice.bridge().url();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("room", a.room);
      body.put("bridge", bridgeUrl);
      body.put("url", bridgeUrl + "/" + a.room);
      body.put("region", a.choice.bridge().region());
      body.put("load", Freshness.round(a.choice.estimatedLoad(), 3));
      body.put("snapshotAgeSeconds", Freshness.round(freshness.ageSeconds(a.snapshot), 1));
      body.put("degraded", freshness.degraded(a.snapshot));
      body.put("spilled", a.choice.spilled());
      ctx.json(body);
    } catch (ApiError e) {
      metrics.reject(e.code);
      throw e;
    }
  }

  /**
   * {@code GET /r/{room}}: 302 to {@code <bridge>/<room>} by the named-room rule, counted and rate
   * limited like {@code /assign}; an invalid name, the rate limit or a full fleet answer HTML.
   */
  void link(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    try {
      String room = RequestParsing.roomName(ctx.pathParam("room"));
      Assigned a = decide(ctx, room, null);
      ctx.status(302).header("Location", a.choice.bridge().url() + "/" + a.room).result("");
    } catch (ApiError e) {
      metrics.reject(e.code);
      ErrorAnswers.html(e, ctx);
    }
  }

  private record Assigned(String room, Choice choice, FleetSnapshot snapshot) {}

  /**
   * Rate limit, snapshot, policy, metrics, listener: one room handed out, or an ApiError.
   *
   * @param room a normalised name, or null for a fresh one
   */
  private Assigned decide(Context ctx, String room, String region) {
    String client = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    long wait = rateLimiter.acquire(client);
    if (wait > 0) {
      throw new ApiError(
          429,
          "rate_limited",
          "Too many new meetings from your address. Please try again in " + Sentences.seconds(wait) + ".",
          wait);
    }
    FleetSnapshot snapshot =
        fleet.current()
            .orElseThrow(
                () -> {
                  long retry = freshness.retryAfter();
                  return new ApiError(
                      503,
                      "no_data",
                      "Headroom has not heard from the fleet yet. Please try again in " + Sentences.seconds(retry) + ".",
                      retry);
                });
    Choice choice;
    try {
      if (room == null) {
        room = names.fresh();
        choice = policy.assignNew(snapshot, region);
      } else {
        choice = policy.assignNamed(snapshot, room, region);
      }
    } catch (UnknownRegionException e) {
      throw new ApiError(
          400,
          "unknown_region",
          Sentences.unknownRegion(region, snapshot.regions()));
    } catch (NoCapacityException e) {
      long retry = freshness.retryAfter();
      String situation =
          switch (e.why()) {
            case BUSY -> "All bridges are busy right now.";
            case DRAINING -> "All bridges are being drained for maintenance.";
            case NONE_UP -> "No video bridge is reachable right now.";
          };
      throw new ApiError(
          503, "no_capacity", situation + " Please try again in " + Sentences.seconds(retry) + ".", retry);
    }
    metrics.assigned(choice.bridge().url(), choice.bridge().region());
    listener.assigned(room, choice.bridge());
    return new Assigned(room, choice, snapshot);
  }
}
