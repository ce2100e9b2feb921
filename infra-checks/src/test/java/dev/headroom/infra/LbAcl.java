package dev.headroom.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ACLs of one Scaleway load balancer frontend, evaluated as the load balancer does (provider
 * docs for scaleway_lb_frontend and scaleway_lb_acl, v2.81): ACLs run in index order, which for
 * inline {@code acl} blocks is their order in the list (index 1, 2, ...); the first whose match
 * holds decides (allow forwards to the backend, deny answers 403, redirect redirects); a request
 * no ACL matches is forwarded. A match holds when every condition it sets holds (the client
 * address is in one of {@code ip_subnet}; the path filter {@code http_filter} matches one of
 * {@code http_filter_value}); {@code invert = true} turns the whole match into "unless". Immutable;
 * thread-safe.
 */
record LbAcl(List<Rule> rules) {
  /** What happens to a request. */
  enum Verdict { FORWARDED, DENIED, REDIRECTED }

  /** One ACL, with its expressions already evaluated. */
  record Rule(String name, String action, List<String> ipSubnets, String httpFilter, List<String> httpFilterValues, boolean invert) {
    boolean matches(String clientIp, String path) {
      boolean holds = true;
      if (!ipSubnets.isEmpty()) {
        holds = ipSubnets.stream().anyMatch(c -> Cidr.contains(c, clientIp));
      }
      switch (httpFilter) {
        case "acl_http_filter_none" -> { }
        case "path_begin" -> holds &= httpFilterValues.stream().anyMatch(path::startsWith);
        case "path_end" -> holds &= httpFilterValues.stream().anyMatch(path::endsWith);
        case "regex" -> holds &= httpFilterValues.stream().anyMatch(r -> Pattern.compile(r).matcher(path).find());
        default -> throw new AssertionError("ACL " + name + ": the evaluator does not model http_filter " + httpFilter);
      }
      return invert != holds;
    }
  }

  /** The frontend's inline {@code acl} blocks, expressions evaluated with {@code eval}. */
  static LbAcl of(JsonNode frontend, TfEval eval) {
    if (frontend.path("external_acls").asBoolean(false)) {
      throw new AssertionError("external_acls: the ACLs live in scaleway_lb_acl resources, which this evaluator does not read");
    }
    List<Rule> rules = new ArrayList<>();
    for (JsonNode acl : frontend.path("acl")) {
      JsonNode match = acl.path("match").get(0);
      String filter = match.path("http_filter").asText("acl_http_filter_none");
      rules.add(new Rule(
          acl.path("name").asText("acl" + (rules.size() + 1)),
          acl.path("action").get(0).path("type").asText(),
          strings(eval.value(match.path("ip_subnet"), Map.of())),
          filter,
          strings(eval.value(match.path("http_filter_value"), Map.of())),
          Boolean.parseBoolean(String.valueOf(eval.value(match.path("invert"), Map.of())))));
    }
    return new LbAcl(List.copyOf(rules));
  }

  private static List<String> strings(Object v) {
    if (v == null) {
      return List.of();
    }
    return TfEval.list(v, String.valueOf(v)).stream().map(String::valueOf).toList();
  }

  /** What the load balancer does with a request for {@code path} from {@code clientIp}. */
  Verdict decide(String clientIp, String path) {
    for (Rule r : rules) {
      if (r.matches(clientIp, path)) {
        return switch (r.action()) {
          case "allow" -> Verdict.FORWARDED;
          case "deny" -> Verdict.DENIED;
          case "redirect" -> Verdict.REDIRECTED;
          default -> throw new AssertionError("ACL " + r.name() + ": unknown action " + r.action());
        };
      }
    }
    return Verdict.FORWARDED;
  }
}
