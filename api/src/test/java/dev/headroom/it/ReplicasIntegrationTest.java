package dev.headroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.Headroom;
import dev.headroom.config.Settings;
import dev.headroom.fleet.PrometheusFleetSource;
import dev.headroom.policy.AssignmentListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Eight {@code serve} replicas and a real Prometheus that scrapes sixteen equal bridges and the
 * replicas' own {@code /metrics}: every replica reads the others' assignment counters through the
 * default peers query, and a burst sent round robin across them spreads like one replica's.
 */
class ReplicasIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BRIDGES = 16;
  private static final int REPLICAS = 8;
  private static final Pattern FANOUT = Pattern.compile("(?m)^headroom_peer_fanout(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");

  private final List<Headroom> replicas = new ArrayList<>();
  private FakeBridges bridges;
  private PrometheusProcess prometheus;

  @AfterEach
  void stopAll() throws Exception {
    for (Headroom h : replicas) {
      h.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (bridges != null) {
      bridges.close();
    }
  }

  private static Headroom start(URI prometheusUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("HEADROOM_PROMETHEUS_URL", prometheusUrl.toString());
    // Polls far apart next to the burst's length, as 30 s polls are next to a burst of clicks.
    env.put("HEADROOM_POLL_INTERVAL", "5s");
    env.put("HEADROOM_PROMETHEUS_TIMEOUT", "2s");
    env.put("HEADROOM_LOAD_QUERY", Settings.DEFAULTS.get("HEADROOM_LOAD_QUERY").replace("[1m]", "[5s]"));
    env.put("HEADROOM_PORT", "0");
    env.put("HEADROOM_BIND", "127.0.0.1");
    env.put("HEADROOM_RATE_LIMIT", "0");
    Settings settings = Settings.load(env, List.of()).requirePrometheus();
    return new Headroom(settings, PrometheusFleetSource.create(settings), Clock.systemUTC(), AssignmentListener.NONE).start();
  }

  private static HttpResponse<String> get(Headroom h, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String assign(Headroom h) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port() + "/assign"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).path("bridge").asText();
  }

  private static double fanOut(Headroom h) throws Exception {
    Matcher m = FANOUT.matcher(get(h, "/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Every replica sees every bridge at the exporters' load, with nothing of its own unseen. */
  private boolean settled(Headroom h) throws Exception {
    var view = JSON.readTree(get(h, "/bridges").body()).path("bridges");
    if (view.size() != BRIDGES) {
      return false;
    }
    for (var b : view) {
      if (!"ok".equals(b.path("state").asText()) || Math.abs(b.path("load").asDouble() - 0.3) > 0.03) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aBurstOf200RoomsRoundRobinAcrossEightReplicasKeepsEveryBridgeWithin1Point2TimesItsFairShare() throws Exception {
    bridges = new FakeBridges();
    Map<String, List<String>> targets = new LinkedHashMap<>();
    for (int b = 1; b <= BRIDGES; b++) {
      targets.put("b" + b, List.of("https://b" + b + ".meet.example", "fr-par"));
      bridges.set("b" + b, 0.3);
    }
    int prometheusPort = PrometheusProcess.freePort();
    URI url = URI.create("http://127.0.0.1:" + prometheusPort);
    List<String> scraped = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      Headroom h = start(url);
      replicas.add(h);
      scraped.add("127.0.0.1:" + h.port());
    }
    prometheus = new PrometheusProcess(bridges.port(), targets, prometheusPort, scraped);
    for (Headroom h : replicas) {
      Await.until("replica on port " + h.port() + " sees 16 bridges at 0.3", WAIT, () -> settled(h), ok -> ok);
    }

    // Ordinary traffic first, round robin, until every replica has seen the others hand out rooms
    // through Prometheus: then each knows it hands out one room in eight.
    for (Headroom h : replicas) {
      Await.until("replica on port " + h.port() + " counts eight replicas", WAIT, () -> {
        for (Headroom each : replicas) {
          assign(each);
        }
        return fanOut(h);
      }, f -> f > REPLICAS - 0.5);
    }
    // The warm-up rooms fade from every estimate as the (5 s) rate window passes them.
    for (Headroom h : replicas) {
      Await.until("replica on port " + h.port() + " to settle after the warm-up", WAIT, () -> {
        var view = JSON.readTree(get(h, "/bridges").body()).path("bridges");
        for (var b : view) {
          if (Math.abs(b.path("estimatedLoad").asDouble() - b.path("load").asDouble()) > 1e-6) {
            return false;
          }
        }
        return view.size() == BRIDGES;
      }, ok -> ok);
    }

    // The burst: 200 rooms, 25 through each replica (the load balancer's round robin), all at once.
    Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(REPLICAS);
    try {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (Headroom h : replicas) {
        sent.add(pool.submit(() -> {
          for (int i = 0; i < 200 / REPLICAS; i++) {
            counts.merge(assign(h), 1, Integer::sum);
          }
          return null;
        }));
      }
      for (var f : sent) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    double overFair = Collections.max(counts.values()) / (200.0 / BRIDGES);
    assertTrue(overFair <= 1.2, "max/fair " + overFair + ", rooms per bridge " + counts);
  }
}
