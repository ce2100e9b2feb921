package dev.headroom.http;

import dev.headroom.capacity.Planner;
import dev.headroom.config.Settings;
import dev.headroom.fleet.FleetView;
import dev.headroom.metrics.HeadroomMetrics;
import dev.headroom.policy.AssignmentListener;
import dev.headroom.policy.Policy;
import dev.headroom.policy.RoomNames;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin server from its dependencies, without starting it: the wiring of the route
 * groups ({@link RoomRoutes}, {@link FleetRoutes}, {@link Pages}), request parsing
 * ({@link RequestParsing}), the error answers ({@link ErrorAnswers}) and the security headers.
 *
 * <p>Every error leaves as {@code {"error": code, "message": sentence}} with the contract's status
 * codes; no stack trace or internal detail ever reaches a client. Thread-safe once built.
 */
public final class HeadroomApp {
  /** Largest request body accepted on {@code /assign}. */
  public static final int MAX_BODY_BYTES = RequestParsing.MAX_BODY_BYTES;

  /** How long a stopping server waits for requests in flight. */
  static final long STOP_TIMEOUT_MS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(HeadroomApp.class);
  private static final String SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final RequestParsing parsing;
  private final RoomRoutes rooms;
  private final FleetRoutes fleetRoutes;
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
    Freshness freshness = new Freshness(fleet, settings.maxStaleness(), clock);
    this.parsing = new RequestParsing(shuttingDown::get);
    this.rooms =
        new RoomRoutes(
            fleet,
            policy,
            names,
            metrics,
            listener,
            new RateLimiter(settings.rateLimit(), clock),
            new ClientAddress(settings.trustedProxies()),
            parsing,
            freshness);
    this.fleetRoutes = new FleetRoutes(settings, fleet, policy, metrics, planner, freshness, shuttingDown::get);
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
          config.jsonMapper(new JavalinJackson(parsing.json(), false));
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
          config.routes.post("/assign", rooms::assign);
          config.routes.get("/r/{room}", rooms::link);
          config.routes.get("/bridges", fleetRoutes::bridges);
          config.routes.get("/regions", fleetRoutes::regions);
          config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
          config.routes.get("/readyz", fleetRoutes::readyz);
          config.routes.get("/metrics", fleetRoutes::metrics);
          config.routes.get("/fleet", ctx -> Pages.page(ctx, "web/fleet.html"));
          config.routes.get(
              "/favicon.ico",
              ctx -> ctx.status(301).header("Location", "/favicon.svg").result(""));
          config.routes.exception(ApiError.class, ErrorAnswers::json);
          config.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> {
                int status = e.getStatus();
                switch (status) {
                  case 404 -> ErrorAnswers.json(ctx, 404, "not_found", "There is nothing at " + ctx.path() + ".", -1);
                  case 405 -> ErrorAnswers.json(
                      ctx, 405, "method_not_allowed", ctx.method() + " is not supported on " + ctx.path() + ".", -1);
                  case 413 -> ErrorAnswers.json(ctx, 400, "bad_request", RequestParsing.BODY_TOO_LARGE, -1);
                  default -> ErrorAnswers.json(
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
                ErrorAnswers.json(ctx, 500, "internal", "Something went wrong on our side. Please try again.", -1);
              });
        });
  }

  private void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy", SECURITY_POLICY);
    ctx.header("X-Frame-Options", "DENY");
  }
}
