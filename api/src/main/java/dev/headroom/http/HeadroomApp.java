package dev.headroom.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.headroom.capacity.Planner;
import dev.headroom.config.Settings;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.fleet.FleetView;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.policy.BridgeStatus;
import dev.headroom.policy.Choice;
import dev.headroom.policy.NoCapacityException;
import dev.headroom.policy.Policy;
import dev.headroom.policy.RoomNames;
import dev.headroom.policy.UnknownRegionException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin server from its dependencies, without starting it.
 *
 * <p>Every error leaves as {@code {"error": code, "message": sentence}} with the contract's status
 * codes; no stack trace or internal detail ever reaches a client. Thread-safe once built.
 */
public final class HeadroomApp {
  /** Largest request body accepted on {@code /assign}. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private static final String BODY_TOO_LARGE = "The request body is larger than 16 KiB.";

  /** How long a stopping server waits for requests in flight. */
  static final long STOP_TIMEOUT_MS = 5000;

  /** How much of an oversized body is read and discarded so the client can read the 400. */
  static final int DRAIN_LIMIT_BYTES = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HeadroomApp.class);
  private static final String SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final Settings settings;
  private final FleetView fleet;
  private final Policy policy;
  private final RoomNames names;
  private final HeadroomMetrics metrics;
  private final Clock clock;
  private final AssignmentListener listener;
  private final Planner planner;
  private final RateLimiter rateLimiter;
  private final ClientAddress clientAddress;
  private final ObjectMapper json;
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final Javalin javalin;

  public HeadroomApp(
      Settings settings,
      FleetView fleet,
      Policy policy,
      RoomNames names,
      HeadroomMetrics metrics,
      Clock clock,
      AssignmentListener listener,
      Planner planner) {
    this.settings = settings;
    this.fleet = fleet;
    this.policy = policy;
    this.names = names;
    this.metrics = metrics;
    this.clock = clock;
    this.listener = listener;
    this.planner = planner;
    this.rateLimiter = new RateLimiter(settings.rateLimit(), clock);
    this.clientAddress = new ClientAddress(settings.trustedProxies());
    this.json = JsonMapper.builder().build();
    this.json
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(MAX_BODY_BYTES).build());
    metrics.bind(fleet, policy);
    this.javalin = build();
  }

  /** The server, not started: {@code javalin().start(host, port)} or JavalinTest. */
  public Javalin javalin() {
    return javalin;
  }

  /** From now on {@code /readyz} answers 503, so load balancers stop sending traffic here. */
  public void beginShutdown() {
    shuttingDown.set(true);
  }

  private Javalin build() {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jsonMapper(new JavalinJackson(json, false));
          config.http.maxRequestSize = 1024 * 1024;
          config.http.prefer405over404 = true;
          config.http.generateEtags = true;
          // On stop, requests already in flight get up to 5 s to finish instead of being cut.
          config.jetty.modifyServer(
              server -> {
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.insertHandler(new GracefulHandler());
              });
          config.staticFiles.add(
              sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
                sf.headers = Map.of("Cache-Control", "no-cache");
              });
          config.routes.before(this::securityHeaders);
          config.routes.post("/assign", this::assign);
          config.routes.get("/bridges", this::bridges);
          config.routes.get("/regions", this::regions);
          config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
          config.routes.get("/readyz", this::readyz);
          config.routes.get("/metrics", this::metrics);
          config.routes.get("/fleet", ctx -> page(ctx, "web/fleet.html"));
          config.routes.get(
              "/favicon.ico",
              ctx -> ctx.status(301).header("Location", "/favicon.svg").result(""));
          config.routes.exception(ApiError.class, this::apiError);
          config.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> {
                int status = e.getStatus();
                switch (status) {
                  case 404 -> writeError(ctx, 404, "not_found", "There is nothing at " + ctx.path() + ".", -1);
                  case 405 -> writeError(
                      ctx, 405, "method_not_allowed", ctx.method() + " is not supported on " + ctx.path() + ".", -1);
                  case 413 -> writeError(ctx, 400, "bad_request", BODY_TOO_LARGE, -1);
                  default -> writeError(
                      ctx,
                      status >= 500 ? 500 : 400,
                      status >= 500 ? "internal" : "bad_request",
                      status >= 500
                          ? "Something went wrong on our side. Please try again."
                          : "The request could not be understood.",
                      -1);
                }
              });
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                try {
                  LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                } catch (Throwable ignored) {
                  // logging must not turn one failure into an endless loop of them
                }
                writeError(ctx, 500, "internal", "Something went wrong on our side. Please try again.", -1);
              });
        });
  }

  private void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
  }

  private void page(Context ctx, String resource) throws IOException {
    try (InputStream in = HeadroomApp.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ApiError(404, "not_found", "There is nothing at " + ctx.path() + ".");
      }
      ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(in.readAllBytes());
    }
  }

  // ---- /assign ---------------------------------------------------------------------------

  private void assign(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    try {
      doAssign(ctx);
    } catch (ApiError e) {
      metrics.reject(e.code);
      throw e;
    }
  }

  private void doAssign(Context ctx) {
    AssignRequest request = parseRequest(ctx);
    String client = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    long wait = rateLimiter.acquire(client);
    if (wait > 0) {
      throw new ApiError(
          429,
          "rate_limited",
          "Too many new meetings from your address. Please try again in " + wait + " seconds.",
          wait);
    }
    FleetSnapshot snapshot =
        fleet.current()
            .orElseThrow(
                () ->
                    new ApiError(
                        503,
                        "no_data",
                        "Headroom has not heard from the fleet yet. Please try again in a few seconds.",
                        retryAfter()));
    String room = request.room;
    Choice choice;
    try {
      if (room == null) {
        room = names.fresh();
        choice = policy.assignNew(snapshot, request.region);
      } else {
        choice = policy.assignNamed(snapshot, room, request.region);
      }
    } catch (UnknownRegionException e) {
      throw new ApiError(
          400,
          "unknown_region",
          "There is no bridge in the region '" + request.region + "'. Known regions: "
              + String.join(", ", snapshot.regions()) + ".");
    } catch (NoCapacityException e) {
      long retry = retryAfter();
      String situation =
          switch (e.why()) {
            case BUSY -> "All bridges are busy right now.";
            case DRAINING -> "All bridges are being drained for maintenance.";
            case NONE_UP -> "No video bridge is reachable right now.";
          };
      throw new ApiError(
          503, "no_capacity", situation + " Please try again in " + retry + " seconds.", retry);
    }
    String bridgeUrl = choice.bridge().url();
    metrics.assigned(bridgeUrl, choice.bridge().region());
    listener.assigned(room, choice.bridge());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("room", room);
    body.put("bridge", bridgeUrl);
    body.put("url", bridgeUrl + "/" + room);
    body.put("region", choice.bridge().region());
    body.put("load", round(choice.estimatedLoad(), 3));
    body.put("snapshotAgeSeconds", round(ageSeconds(snapshot), 1));
    body.put("degraded", degraded(snapshot));
    body.put("spilled", choice.spilled());
    ctx.json(body);
  }

  private record AssignRequest(String room, String region) {}

  private AssignRequest parseRequest(Context ctx) {
    String room = blankToNull(ctx.queryParam("room"));
    String region = blankToNull(ctx.queryParam("region"));
    byte[] body = readBody(ctx);
    if (body.length > 0) {
      String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
      // curl -d sends JSON labelled as a form: a body that opens like JSON is read as JSON.
      boolean looksLikeJson = firstNonBlank(body) == '{' || firstNonBlank(body) == '[';
      if (type.startsWith("application/x-www-form-urlencoded") && !looksLikeJson) {
        Map<String, String> form = parseForm(body);
        room = form.containsKey("room") ? blankToNull(form.get("room")) : room;
        region = form.containsKey("region") ? blankToNull(form.get("region")) : region;
      } else if (!isBlank(body)) {
        JsonNode node;
        try {
          node = json.readTree(body);
        } catch (JacksonException e) {
          throw new ApiError(400, "bad_request", "The request body is not valid JSON.");
        } catch (IOException e) {
          throw new ApiError(400, "bad_request", "The request body could not be read.");
        }
        if (node == null || !node.isObject()) {
          throw new ApiError(
              400, "bad_request", "The request body must be a JSON object like {\"room\": \"team-sync\"}.");
        }
        if (node.has("room")) {
          room = blankToNull(textField(node, "room"));
        }
        if (node.has("region")) {
          region = blankToNull(textField(node, "region"));
        }
      }
    }
    if (room != null) {
      String requested = room;
      room =
          RoomNames.normalise(room)
              .orElseThrow(
                  () ->
                      new ApiError(
                          400,
                          "invalid_room",
                          requested.length() > 64
                              ? "A room name can be at most 64 characters long."
                              : "A room name may contain only letters, digits, '-' and '_'."));
    }
    if (region != null && region.length() > 64) {
      throw new ApiError(400, "unknown_region", "There is no region with such a long name.");
    }
    return new AssignRequest(room, region);
  }

  private static String textField(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ApiError(400, "bad_request", "The field \"" + field + "\" must be a string.");
    }
    return v.asText();
  }

  /**
   * Reads at most 16 KiB. A larger body is refused with 400; up to 1 MiB of it is read and thrown
   * away first, so the client, still sending, gets to read the answer instead of a reset.
   */
  private byte[] readBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > DRAIN_LIMIT_BYTES) {
      ctx.header("Connection", "close");
      throw new ApiError(400, "bad_request", BODY_TOO_LARGE);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        long drained = body.length;
        byte[] sink = new byte[8192];
        int n;
        while (drained < DRAIN_LIMIT_BYTES && (n = in.read(sink)) > 0) {
          drained += n;
        }
        if (drained >= DRAIN_LIMIT_BYTES) {
          ctx.header("Connection", "close");
        }
        throw new ApiError(400, "bad_request", BODY_TOO_LARGE);
      }
      return body;
    } catch (IOException e) {
      if (shuttingDown.get()) {
        // The connection is being closed under a request whose body was still arriving: not the
        // client's fault, and another replica will take the retry.
        throw new ApiError(503, "unavailable", "This server is restarting. Please try again.", 1);
      }
      throw new ApiError(400, "bad_request", "The request body could not be read.");
    }
  }

  private static Map<String, String> parseForm(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ApiError(400, "bad_request", "The request body is not valid UTF-8.");
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "bad_request", "The form body is not validly encoded.");
      }
    }
    return form;
  }

  private static int firstNonBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  // ---- fleet views -----------------------------------------------------------------------

  private void bridges(Context ctx) {
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
    body.put("snapshotAgeSeconds", snapshot.map(s -> round(ageSeconds(s), 1)).orElse(null));
    body.put("degraded", snapshot.map(this::degraded).orElse(true));
    body.put("maxLoad", policy.maxLoad());
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> summary = new LinkedHashMap<>();
    if (snapshot.isPresent()) {
      Planner.Plan plan = planner.plan(snapshot.get());
      List<BridgeStatus> statuses = policy.status(snapshot.get());
      summary.put("eligible", statuses.stream().filter(b -> b.state() == BridgeStatus.State.OK).count());
      summary.put("averageLoad", round(plan.avgLoad(), 3));
      summary.put("recommendedBridges", plan.recommended());
      for (BridgeStatus b : statuses) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("url", b.bridge().url());
        row.put("region", b.bridge().region());
        row.put("load", Double.isFinite(b.bridge().load()) ? round(b.bridge().load(), 3) : null);
        row.put("estimatedLoad", Double.isFinite(b.estimatedLoad()) ? round(b.estimatedLoad(), 3) : null);
        row.put("state", b.state().label());
        row.put("assignedSinceSnapshot", b.assignedSinceSnapshot());
        rows.add(row);
      }
    }
    body.put("summary", summary);
    body.put("bridges", rows);
    ctx.json(body);
  }

  private void regions(Context ctx) {
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
                    regions.add(row);
                  });
            });
    ctx.json(Map.of("regions", regions));
  }

  private void readyz(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (shuttingDown.get()) {
      ctx.status(503).json(Map.of("ready", false, "reason", "shutting down"));
    } else if (fleet.current().isEmpty()) {
      ctx.status(503).json(Map.of("ready", false, "reason", "no fleet snapshot yet"));
    } else {
      ctx.json(Map.of("ready", true));
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  // ---- helpers ---------------------------------------------------------------------------

  private void apiError(ApiError e, Context ctx) {
    writeError(ctx, e.status, e.code, e.getMessage(), e.retryAfterSeconds);
  }

  /**
   * Writes an error body. Never throws: Javalin runs the exception handler again for anything an
   * exception handler throws, so a failure here would spin that request's thread forever.
   */
  private static void writeError(Context ctx, int status, String code, String message, long retryAfter) {
    try {
      if (retryAfter > 0) {
        ctx.header("Retry-After", Long.toString(retryAfter));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", code);
      body.put("message", message);
      if (retryAfter > 0) {
        body.put("retryAfterSeconds", retryAfter);
      }
      ctx.status(status).json(body);
    } catch (Throwable t) {
      try {
        ctx.res().setStatus(status);
      } catch (Throwable ignored) {
        // the response is gone; nothing more can be said to this client
      }
      LOG.warn("Could not write the {} error for {}: {}", code, ctx.path(), t.toString());
    }
  }

  /** Seconds until the next poll, at least 1: when a refused client may usefully retry. */
  private long retryAfter() {
    Duration left = Duration.between(clock.instant(), fleet.nextPollAt());
    long seconds = (left.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }

  private double ageSeconds(FleetSnapshot s) {
    return Math.max(0, Duration.between(s.takenAt(), clock.instant()).toMillis() / 1000.0);
  }

  private boolean degraded(FleetSnapshot s) {
    return Duration.between(s.takenAt(), clock.instant()).compareTo(settings.maxStaleness()) > 0;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

}
