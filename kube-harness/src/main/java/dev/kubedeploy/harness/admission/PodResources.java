package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the resources of a pod's containers: what LimitRanger and ResourceQuota look at. */
final class PodResources {

  private PodResources() {}

  /** Containers and init containers (the ones admission checks), as stored objects to change. */
  static List<ObjectNode> containers(JsonNode podSpec) {
    var all = new ArrayList<ObjectNode>();
    for (var field : List.of("initContainers", "containers")) {
      for (var container : podSpec.path(field)) {
        if (container instanceof ObjectNode object) {
          all.add(object);
        }
      }
    }
    return all;
  }

  static List<JsonNode> regularContainers(JsonNode podSpec) {
    var all = new ArrayList<JsonNode>();
    podSpec.path("containers").forEach(all::add);
    return all;
  }

  static List<JsonNode> initContainers(JsonNode podSpec) {
    var all = new ArrayList<JsonNode>();
    podSpec.path("initContainers").forEach(all::add);
    return all;
  }

  /** {@code resources.requests} or {@code resources.limits} of a container, parsed. */
  static Map<String, Quantity> list(JsonNode container, String kind) {
    return parse(container.path("resources").path(kind));
  }

  static Map<String, Quantity> parse(JsonNode resourceList) {
    var parsed = new LinkedHashMap<String, Quantity>();
    resourceList
        .fields()
        .forEachRemaining(e -> parsed.put(e.getKey(), Quantity.parse(e.getValue().asText())));
    return parsed;
  }

  /**
   * What the pod as a whole asks for: the sum over its containers, or the largest init container
   * when that is more (init containers run one at a time, before the others), per resource.
   */
  static Map<String, Quantity> podTotal(JsonNode podSpec, String kind) {
    var total = new LinkedHashMap<String, Quantity>();
    for (var container : regularContainers(podSpec)) {
      list(container, kind).forEach((name, value) -> total.merge(name, value, Quantity::plus));
    }
    for (var container : initContainers(podSpec)) {
      list(container, kind).forEach((name, value) -> total.merge(name, value, Quantity::max));
    }
    return total;
  }
}
