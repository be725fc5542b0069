package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helm's rules for combining values, so that what the platform validates is what Helm renders.
 *
 * <p>{@link #merge} layers values the way Helm layers several {@code -f} files: maps merge key by
 * key, anything else replaces, and an explicit {@code null} is kept as {@code null}. Helm then
 * coalesces the result with the chart's own {@code values.yaml}, where a {@code null} deletes the
 * key; {@link #effective} applies that deletion, giving the values the templates see as far as the
 * platform's layers go. (Helm leaves a {@code null} in place when no layer below defines the key;
 * the platform reads it as "not set" too, which is what a schema should judge.)
 *
 * <p>api-service holds the same merge ({@code dev.kubedeploy.api.values}); the two are to become
 * one class in shared-model.
 */
public final class ValuesMerge {

  private ValuesMerge() {}

  /** {@code higher} layered over {@code lower}; neither argument is modified. */
  public static ObjectNode merge(ObjectNode lower, ObjectNode higher) {
    var out = lower.deepCopy();
    higher
        .properties()
        .forEach(
            entry -> {
              var key = entry.getKey();
              var value = entry.getValue();
              var existing = out.get(key);
              if (value.isObject() && existing != null && existing.isObject()) {
                out.set(key, merge((ObjectNode) existing, (ObjectNode) value));
              } else {
                out.set(key, value.deepCopy());
              }
            });
    return out;
  }

  /** The values with every {@code null} entry removed, at any depth, as Helm's coalesce does. */
  public static ObjectNode effective(ObjectNode values) {
    var out = values.objectNode();
    values
        .properties()
        .forEach(
            entry -> {
              JsonNode value = entry.getValue();
              if (value.isNull()) {
                return;
              }
              out.set(
                  entry.getKey(),
                  value.isObject() ? effective((ObjectNode) value) : value.deepCopy());
            });
    return out;
  }
}
