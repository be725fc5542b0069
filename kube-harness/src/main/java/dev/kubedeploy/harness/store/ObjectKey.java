package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;

/** Names one stored object: its type, namespace (null when cluster-scoped) and name. */
public record ObjectKey(ResourceType type, String namespace, String name) {

  public static ObjectKey of(ResourceType type, JsonNode object) {
    return new ObjectKey(type, Json.namespace(object), Json.name(object));
  }

  @Override
  public String toString() {
    return type.qualifiedPlural() + "/" + (namespace == null ? "" : namespace + "/") + name;
  }
}
