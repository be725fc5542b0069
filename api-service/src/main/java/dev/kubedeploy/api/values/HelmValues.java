package dev.kubedeploy.api.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Merges a chart's values the way Helm merges values files: objects key by key, everything else
 * (arrays, scalars) replaced by the user's value, and a {@code null} user value removes the key.
 * Pure and free of Quarkus so that the reconciler can share it (it is meant to move to
 * shared-model).
 */
public final class HelmValues {

  private HelmValues() {}

  /**
   * The values a release gets: {@code defaults} overlaid with {@code overrides}. Neither argument
   * is changed; a missing or {@code null} {@code overrides} leaves the defaults as they are.
   */
  public static ObjectNode merge(ObjectNode defaults, JsonNode overrides) {
    var merged = defaults.deepCopy();
    if (overrides instanceof ObjectNode overrideObject) {
      overlay(merged, overrideObject);
    }
    return merged;
  }

  private static void overlay(ObjectNode target, ObjectNode overrides) {
    for (var entry : overrides.properties()) {
      var key = entry.getKey();
      var value = entry.getValue();
      var existing = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value instanceof ObjectNode valueObject
          && existing instanceof ObjectNode existingObject) {
        overlay(existingObject, valueObject);
      } else {
        target.set(key, withoutNulls(value));
      }
    }
  }

  /** A user object that replaces a non-object keeps no null members: null means "no value". */
  private static JsonNode withoutNulls(JsonNode value) {
    if (!(value instanceof ObjectNode object)) {
      return value.deepCopy();
    }
    var copy = object.objectNode();
    for (var entry : object.properties()) {
      if (!entry.getValue().isNull()) {
        copy.set(entry.getKey(), withoutNulls(entry.getValue()));
      }
    }
    return copy;
  }
}
