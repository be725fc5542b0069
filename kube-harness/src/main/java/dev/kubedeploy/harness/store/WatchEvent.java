package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;

/** One line of a watch stream: {@code {"type": ..., "object": ...}}. */
public record WatchEvent(String type, ObjectNode object) {

  public ObjectNode toJson() {
    var json = Json.object();
    json.put("type", type);
    json.set("object", object);
    return json;
  }
}
