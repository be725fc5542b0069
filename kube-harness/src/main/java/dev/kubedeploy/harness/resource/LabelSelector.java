package dev.kubedeploy.harness.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A label selector with the whole syntax of the API: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x)}, {@code a} and {@code !a} (the mock server alone drops
 * {@code in}/{@code notin} silently), and the {@code matchLabels}/{@code matchExpressions} form of
 * workload specs.
 */
public final class LabelSelector {

  private enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  private record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      var value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  public static LabelSelector everything() {
    return EVERYTHING;
  }

  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    var requirements = new ArrayList<Requirement>();
    for (var part : splitTopLevel(selector)) {
      requirements.add(requirement(part.trim(), selector));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  /** The selector of a workload spec ({@code spec.selector}); a missing one selects nothing. */
  public static LabelSelector fromSpec(JsonNode selector) {
    if (selector == null || !selector.isObject()) {
      return new LabelSelector(List.of(new Requirement("", Operator.IN, Set.of())));
    }
    var requirements = new ArrayList<Requirement>();
    Json.stringMap(selector.path("matchLabels"))
        .forEach((k, v) -> requirements.add(new Requirement(k, Operator.EQUALS, Set.of(v))));
    for (var expression : selector.path("matchExpressions")) {
      var values = new LinkedHashSet<String>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      var operator =
          switch (expression.path("operator").asText()) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default ->
                throw new ApiException(
                    422, "Invalid", "unknown selector operator " + expression.path("operator"));
          };
      requirements.add(new Requirement(expression.path("key").asText(), operator, values));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  public boolean matches(JsonNode object) {
    return requirements.isEmpty() || matches(Json.labels(object));
  }

  public boolean selectsEverything() {
    return requirements.isEmpty();
  }

  private static Requirement requirement(String text, String selector) {
    if (text.startsWith("!")) {
      return new Requirement(key(text.substring(1), selector), Operator.DOES_NOT_EXIST, Set.of());
    }
    var words = text.split("\\s+", 2);
    if (words.length == 2 && words[1].matches("(?s)(in|notin)\\s*\\(.*\\)")) {
      var operator = words[1].startsWith("in") ? Operator.IN : Operator.NOT_IN;
      var list = words[1].substring(words[1].indexOf('(') + 1, words[1].lastIndexOf(')'));
      var values = new LinkedHashSet<String>();
      for (var value : list.split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
      return new Requirement(key(words[0], selector), operator, values);
    }
    for (var op : List.of("!=", "==", "=")) {
      var at = text.indexOf(op);
      if (at > 0) {
        var operator = op.equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
        var value = text.substring(at + op.length()).trim();
        return new Requirement(key(text.substring(0, at), selector), operator, Set.of(value));
      }
    }
    return new Requirement(key(text, selector), Operator.EXISTS, Set.of());
  }

  private static String key(String key, String selector) {
    var trimmed = key.trim();
    if (trimmed.isEmpty() || !trimmed.matches("[A-Za-z0-9_./-]+")) {
      throw new ApiException(
          400, "BadRequest", "unable to parse requirement: invalid label selector: " + selector);
    }
    return trimmed;
  }

  private static List<String> splitTopLevel(String selector) {
    var parts = new ArrayList<String>();
    var depth = 0;
    var start = 0;
    for (var i = 0; i < selector.length(); i++) {
      var c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
