package dev.kubedeploy.harness.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code metadata.name=x,status.phase!=Running}). The API server allows a few
 * fields per type; the harness allows any dotted path, which is more lenient.
 */
public final class FieldSelector {

  private record Requirement(List<String> path, boolean equal, String value) {
    boolean matches(JsonNode object) {
      var current = object;
      for (var field : path) {
        current = current.path(field);
      }
      var actual = current.isMissingNode() || current.isNull() ? "" : current.asText();
      return equal == actual.equals(value);
    }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    var requirements = new ArrayList<Requirement>();
    for (var part : selector.split(",")) {
      var text = part.trim();
      var notEqual = text.indexOf("!=");
      var doubleEqual = text.indexOf("==");
      var equal = text.indexOf('=');
      if (notEqual > 0) {
        requirements.add(
            requirement(text.substring(0, notEqual), false, text.substring(notEqual + 2)));
      } else if (doubleEqual > 0) {
        requirements.add(
            requirement(text.substring(0, doubleEqual), true, text.substring(doubleEqual + 2)));
      } else if (equal > 0) {
        requirements.add(requirement(text.substring(0, equal), true, text.substring(equal + 1)));
      } else {
        throw new ApiException(400, "BadRequest", "invalid field selector: " + selector);
      }
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  public boolean matches(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }

  /** The name this selector pins with {@code metadata.name=x}, or null. */
  public String pinnedName() {
    return requirements.stream()
        .filter(r -> r.equal() && r.path().equals(List.of("metadata", "name")))
        .map(Requirement::value)
        .findFirst()
        .orElse(null);
  }

  private static Requirement requirement(String field, boolean equal, String value) {
    return new Requirement(List.of(field.trim().split("\\.")), equal, value.trim());
  }
}
