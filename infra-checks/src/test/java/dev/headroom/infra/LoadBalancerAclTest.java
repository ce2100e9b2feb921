package dev.headroom.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load balancer's ACL, evaluated (LbAcl) over the parsed frontend with example control
 * networks: the public site and API stay open to everyone; /metrics and /bridges answer the
 * control networks only.
 */
class LoadBalancerAclTest {
  private static final List<String> CONTROL = List.of("203.0.113.0/24", "2001:db8:1::/48");
  private static final List<String> OUTSIDERS = List.of("198.51.100.7", "203.0.114.1", "2001:db8:2::5");
  private static final List<String> OPERATORS = List.of("203.0.113.9", "2001:db8:1::7");
  private static LbAcl acl;

  @BeforeAll
  static void evaluate() throws Exception {
    TfModule tf = TfModule.load();
    TfEval eval = new TfEval(Map.of("var.control_cidrs", CONTROL), tf.named("locals", true));
    acl = LbAcl.of(tf.resource("scaleway_lb_frontend", "https"), eval);
  }

  /** The paths anyone may reach: the room page and its assets, the dashboard page, the public API. */
  private static List<String> publicPaths() throws Exception {
    List<String> paths = new ArrayList<>(List.of("/", "/assign", "/r/x", "/r/team-sync", "/regions", "/fleet", "/healthz", "/favicon.ico"));
    Path web = Tool.ROOT.resolve("web/src/main/resources/web");
    try (Stream<Path> files = Files.walk(web)) {
      files.filter(Files::isRegularFile).forEach(f -> paths.add("/" + web.relativize(f)));
    }
    return paths;
  }

  private static List<String> verdicts(List<String> clients, List<String> paths, LbAcl.Verdict expected) {
    List<String> wrong = new ArrayList<>();
    for (String client : clients) {
      for (String path : paths) {
        LbAcl.Verdict v = acl.decide(client, path);
        if (v != expected) {
          wrong.add(path + " from " + client + ": " + v);
        }
      }
    }
    return wrong;
  }

  @Test
  void thePublicSiteTheRoomApiAndTheDashboardAssetsAreOpenToEveryone() throws Exception {
    List<String> wrong = verdicts(OUTSIDERS, publicPaths(), LbAcl.Verdict.FORWARDED);
    wrong.addAll(verdicts(OPERATORS, publicPaths(), LbAcl.Verdict.FORWARDED));
    assertEquals(List.of(), wrong, "GET /, POST /assign, GET /r/<room> and /fleet must reach Headroom from anywhere");
  }

  @Test
  void metricsAndBridgesAreDeniedOutsideTheControlNetworks() {
    List<String> wrong = verdicts(OUTSIDERS, List.of("/metrics", "/bridges", "/metrics/", "/bridges/x"), LbAcl.Verdict.DENIED);
    assertEquals(List.of(), wrong);
  }

  @Test
  void metricsAndBridgesAnswerTheControlNetworks() {
    assertEquals(List.of(), verdicts(OPERATORS, List.of("/metrics", "/bridges"), LbAcl.Verdict.FORWARDED));
  }

  @Test
  void theEvaluatorShowsWhyASingleInvertedRuleDeniedThePublicSite() throws Exception {
    // The frontend's ACL before issue 10: one match with ip_subnet, path_begin and invert.
    JsonNode before = Hcl.JSON.readTree("""
        {"acl":[{"name":"operator-endpoints-from-control-only","action":[{"type":"deny"}],
          "match":[{"ip_subnet":"${var.control_cidrs}","invert":true,"http_filter":"path_begin",
                    "http_filter_value":["/metrics","/bridges"]}]}]}""");
    LbAcl old = LbAcl.of(before, new TfEval(Map.of("var.control_cidrs", CONTROL), Map.of()));
    assertEquals(LbAcl.Verdict.DENIED, old.decide("198.51.100.7", "/"));
    assertEquals(LbAcl.Verdict.DENIED, old.decide("198.51.100.7", "/assign"));
    assertEquals(LbAcl.Verdict.DENIED, old.decide("203.0.113.9", "/assign"));
    assertEquals(LbAcl.Verdict.FORWARDED, old.decide("203.0.113.9", "/metrics"));
  }
}
