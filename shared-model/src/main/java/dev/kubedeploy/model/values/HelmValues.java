package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helm's rules for combining values, so that what the platform validates is what Helm renders.
 *
 * <p>{@link #layer} stacks values the way Helm stacks several {@code -f} files: objects merge key
 * by key, anything else (arrays, scalars) replaces, and an explicit {@code null} is kept. Helm then
 * coalesces the result with the chart's own {@code values.yaml}, where a {@code null} deletes the
 * key; {@link #effective} applies that deletion. The api-service checks {@link #merge} of a
 * template's defaults and a user's values against the template's schema; the reconciler hands Helm
 * the layers (nulls included) and checks their effective values again.
 */
public final class HelmValues {

  private HelmValues() {}

  /** The values a chart gets from {@code defaults} and the user's {@code overrides}. */
  public static ObjectNode merge(ObjectNode defaults, JsonNode overrides) {
    return effective(layer(defaults, overrides));
  }

  /**
   * {@code higher} stacked over {@code lower}; neither argument is changed, and a missing or
   * non-object {@code higher} leaves {@code lower} as it is.
   */
  public static ObjectNode layer(ObjectNode lower, JsonNode higher) {
    var out = lower.deepCopy();
    if (higher instanceof ObjectNode higherObject) {
      for (var entry : higherObject.properties()) {
        var value = entry.getValue();
        if (value instanceof ObjectNode valueObject
            && out.get(entry.getKey()) instanceof ObjectNode existing) {
          out.set(entry.getKey(), layer(existing, valueObject));
        } else {
          out.set(entry.getKey(), value.deepCopy());
        }
      }
    }
    return out;
  }

  /** The values with every {@code null} member removed at any depth of objects, as Helm does. */
  public static ObjectNode effective(ObjectNode values) {
    var out = values.objectNode();
    for (var entry : values.properties()) {
      var value = entry.getValue();
      if (!value.isNull()) {
        out.set(
            entry.getKey(),
            value instanceof ObjectNode object ? effective(object) : value.deepCopy());
      }
    }
    return out;
  }
}
