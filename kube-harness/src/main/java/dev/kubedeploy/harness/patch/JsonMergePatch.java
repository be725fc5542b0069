package dev.kubedeploy.harness.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;

/** RFC 7386 JSON merge patch: objects merge, {@code null} removes, everything else replaces. */
public final class JsonMergePatch {

  private JsonMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode patchObject)) {
      return patch.deepCopy();
    }
    var result = target instanceof ObjectNode object ? object.deepCopy() : Json.object();
    patchObject
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
              }
            });
    return result;
  }
}
