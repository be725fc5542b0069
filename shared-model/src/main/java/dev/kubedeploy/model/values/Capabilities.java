package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A template's {@code capabilities_json}: which platform facts its chart accepts and where in the
 * values they go, e.g. {@code {"replicas": "replicaCount", "domain": ["ingress.host",
 * "config.baseUrl"]}}. The places it names belong to the platform: users may not set values there.
 */
public record Capabilities(Map<PlatformValue, List<ValuePath>> placements) {

  public Capabilities {
    placements = Map.copyOf(placements);
  }

  /**
   * Parses the column's JSON object; null is the empty object.
   *
   * @throws InvalidCapabilitiesException naming each key that is unknown or not a path
   */
  public static Capabilities parse(JsonNode json) {
    var placements = new EnumMap<PlatformValue, List<ValuePath>>(PlatformValue.class);
    if (json == null || json.isNull()) {
      return new Capabilities(placements);
    }
    if (!json.isObject()) {
      throw new InvalidCapabilitiesException(
          List.of(new SchemaViolation("", "must be a JSON object")));
    }
    var violations = new ArrayList<SchemaViolation>();
    for (var entry : json.properties()) {
      var pointer = "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
      var value = PlatformValue.ofKey(entry.getKey());
      if (value.isEmpty()) {
        violations.add(
            new SchemaViolation(pointer, "names no platform value (known: " + knownKeys() + ")"));
        continue;
      }
      try {
        placements.put(value.get(), paths(entry.getValue()));
      } catch (IllegalArgumentException e) {
        violations.add(new SchemaViolation(pointer, e.getMessage()));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidCapabilitiesException(violations);
    }
    return new Capabilities(placements);
  }

  /**
   * A values tree holding each fact at every place this template names for it. A fact missing from
   * {@code facts} is placed as an explicit null, which removes the chart's default there.
   */
  public ObjectNode place(Map<PlatformValue, JsonNode> facts) {
    var root = JsonNodeFactory.instance.objectNode();
    placements.forEach(
        (value, paths) -> {
          var fact = facts.get(value);
          paths.forEach(
              path ->
                  path.set(
                      root, fact == null ? JsonNodeFactory.instance.nullNode() : fact.deepCopy()));
        });
    return root;
  }

  /** Every place the platform owns, with the fact it holds. */
  public Map<ValuePath, PlatformValue> ownedPaths() {
    var owned = new LinkedHashMap<ValuePath, PlatformValue>();
    placements.forEach((value, paths) -> paths.forEach(path -> owned.put(path, value)));
    return owned;
  }

  private static List<ValuePath> paths(JsonNode node) {
    var texts = new ArrayList<JsonNode>();
    if (node.isArray()) {
      node.forEach(texts::add);
    } else {
      texts.add(node);
    }
    if (texts.isEmpty() || texts.stream().anyMatch(text -> !text.isTextual())) {
      throw new IllegalArgumentException("must be a values path or a list of them");
    }
    return texts.stream().map(text -> ValuePath.parse(text.asText())).toList();
  }

  private static String knownKeys() {
    return Arrays.stream(PlatformValue.values())
        .map(PlatformValue::key)
        .collect(Collectors.joining(", "));
  }
}
