package dev.headroom.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the small part of Terraform's expression language the fleet's network code uses, over
 * parsed HCL (hcl2json keeps expressions as {@code ${...}} strings): references to variables,
 * locals, resource attributes and iterator values; {@code concat(...)}; list literals; string
 * templates; {@code [for x in list : "..."]}. Resource attributes and variables come from
 * {@code facts} (the values an apply would produce). Anything else fails loudly, naming the
 * expression, so the checks never pass by not understanding the code. Immutable; thread-safe.
 */
final class TfEval {
  private static final Pattern FOR = Pattern.compile("^\\[\\s*for\\s+(\\w+)\\s+in\\s+(.+?)\\s*:\\s*(.+)\\]$", Pattern.DOTALL);
  private static final Pattern REF = Pattern.compile("^[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*|\\[\\d+\\])*$");

  private final Map<String, Object> facts;
  private final Map<String, JsonNode> locals;

  /**
   * @param facts dotted names ({@code var.control_cidrs}, {@code scaleway_lb_ip.main.ip_address},
   *     {@code scaleway_instance_ip.api}) to values: String, Number, Boolean, List or Map
   * @param locals every {@code locals} entry of the module, by name, as parsed
   */
  TfEval(Map<String, Object> facts, Map<String, JsonNode> locals) {
    this.facts = Map.copyOf(facts);
    this.locals = Map.copyOf(locals);
  }

  /** The value of a parsed HCL value (literal, list, or string holding expressions). */
  Object value(JsonNode node, Map<String, Object> scope) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(n -> out.add(value(n, scope)));
      return out;
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return template(node.asText(), scope);
    }
    throw new AssertionError("cannot evaluate the HCL value " + node);
  }

  /** A string template: {@code "${expr}"} alone keeps expr's type; otherwise the parts are joined. */
  Object template(String s, Map<String, Object> scope) {
    List<int[]> parts = interpolations(s);
    if (parts.size() == 1 && parts.get(0)[0] == 0 && parts.get(0)[1] == s.length()) {
      return expr(s.substring(2, s.length() - 1), scope);
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int[] p : parts) {
      out.append(s, at, p[0]).append(expr(s.substring(p[0] + 2, p[1] - 1), scope));
      at = p[1];
    }
    return out.append(s.substring(at)).toString();
  }

  private static List<int[]> interpolations(String s) {
    List<int[]> out = new ArrayList<>();
    int i = s.indexOf("${");
    while (i >= 0) {
      int depth = 0;
      int j = i + 1;
      for (; j < s.length(); j++) {
        char c = s.charAt(j);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          break;
        }
      }
      out.add(new int[] {i, j + 1});
      i = s.indexOf("${", j + 1);
    }
    return out;
  }

  Object expr(String raw, Map<String, Object> scope) {
    String e = raw.strip();
    if (e.matches("-?\\d+")) {
      return Integer.parseInt(e);
    }
    if (e.equals("true") || e.equals("false")) {
      return Boolean.parseBoolean(e);
    }
    if (e.startsWith("\"") && e.endsWith("\"")) {
      return template(e.substring(1, e.length() - 1), scope);
    }
    Matcher f = FOR.matcher(e);
    if (f.matches()) {
      List<Object> out = new ArrayList<>();
      for (Object item : list(expr(f.group(2), scope), f.group(2))) {
        Map<String, Object> inner = new HashMap<>(scope);
        inner.put(f.group(1), item);
        out.add(expr(f.group(3), inner));
      }
      return out;
    }
    if (e.startsWith("[") && e.endsWith("]")) {
      List<Object> out = new ArrayList<>();
      for (String a : split(e.substring(1, e.length() - 1))) {
        out.add(expr(a, scope));
      }
      return out;
    }
    if (e.startsWith("concat(") && e.endsWith(")")) {
      List<Object> out = new ArrayList<>();
      for (String a : split(e.substring("concat(".length(), e.length() - 1))) {
        out.addAll(list(expr(a, scope), a));
      }
      return out;
    }
    if (REF.matcher(e).matches()) {
      return reference(e, scope);
    }
    throw new AssertionError("the checks cannot evaluate `" + e + "`: keep network and ACL expressions to references, concat, lists, templates and for expressions, or teach TfEval");
  }

  private Object reference(String ref, Map<String, Object> scope) {
    List<String> path = new ArrayList<>(List.of(ref.replace("[", ".[").split("\\.")));
    Object at;
    int used;
    if (scope.containsKey(path.get(0))) {
      at = scope.get(path.get(0));
      used = 1;
    } else if (path.get(0).equals("local") && path.size() > 1) {
      JsonNode local = locals.get(path.get(1));
      if (local == null) {
        throw new AssertionError("no local named " + path.get(1) + " (in `" + ref + "`)");
      }
      at = value(local, Map.of());
      used = 2;
    } else {
      at = null;
      used = 0;
      for (int n = path.size(); n > 0 && at == null; n--) {
        String key = String.join(".", path.subList(0, n));
        if (facts.containsKey(key)) {
          at = facts.get(key);
          used = n;
        }
      }
      if (at == null) {
        throw new AssertionError("no value known for `" + ref + "`: give the check a fact for it");
      }
    }
    for (String step : path.subList(used, path.size())) {
      if (step.startsWith("[") && at instanceof List<?> l) {
        at = l.get(Integer.parseInt(step.substring(1, step.length() - 1)));
      } else if (at instanceof Map<?, ?> m && m.containsKey(step)) {
        at = m.get(step);
      } else {
        throw new AssertionError("`" + ref + "`: no attribute " + step + " in " + at);
      }
    }
    return at;
  }

  /** Top-level comma separated parts (brackets, parentheses, braces and quotes respected). */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (!s.substring(start).isBlank()) {
      out.add(s.substring(start));
    }
    return out;
  }

  static List<?> list(Object v, String what) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new AssertionError("`" + what + "` is not a list: " + v);
  }
}
