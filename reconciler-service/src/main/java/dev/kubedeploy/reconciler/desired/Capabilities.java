package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A template's {@code capabilities_json}: which platform facts its chart accepts and where in the
 * values they go, e.g. {@code {"replicas": "replicaCount", "domain": ["ingress.host",
 * "config.baseUrl"]}}. A fact the template does not name is left to the chart's defaults.
 */
public record Capabilities(Map<PlatformValue, List<ValuePath>> placements) {

  public Capabilities {
    placements = Map.copyOf(placements);
  }

  /** Parses the column; an unknown key or a value that is not a path is the admin's mistake. */
  public static Capabilities parse(String capabilitiesJson) {
    var json = JsonObjects.parse(capabilitiesJson, "capabilities_json");
    var placements = new EnumMap<PlatformValue, List<ValuePath>>(PlatformValue.class);
    for (var entry : json.properties()) {
      var value =
          PlatformValue.ofKey(entry.getKey())
              .orElseThrow(
                  () ->
                      new DesiredStateException(
                          "capabilities_json names unknown platform value '"
                              + entry.getKey()
                              + "' (known: "
                              + knownKeys()
                              + ")"));
      placements.put(value, paths(entry.getKey(), entry.getValue()));
    }
    return new Capabilities(placements);
  }

  /** A values tree holding each available fact at every place this template names for it. */
  public ObjectNode place(Map<PlatformValue, JsonNode> facts) {
    var root = JsonObjects.MAPPER.createObjectNode();
    placements.forEach(
        (value, paths) -> {
          var fact = facts.get(value);
          if (fact != null) {
            paths.forEach(path -> path.set(root, fact.deepCopy()));
          }
        });
    return root;
  }

  private static List<ValuePath> paths(String key, JsonNode node) {
    var texts = new ArrayList<JsonNode>();
    if (node.isArray()) {
      node.forEach(texts::add);
    } else {
      texts.add(node);
    }
    if (texts.isEmpty() || texts.stream().anyMatch(text -> !text.isTextual())) {
      throw new DesiredStateException(
          "capabilities_json '" + key + "' must be a values path or a list of them");
    }
    return texts.stream().map(text -> ValuePath.parse(text.asText())).toList();
  }

  private static String knownKeys() {
    return Arrays.stream(PlatformValue.values())
        .map(PlatformValue::key)
        .collect(Collectors.joining(", "));
  }
}
