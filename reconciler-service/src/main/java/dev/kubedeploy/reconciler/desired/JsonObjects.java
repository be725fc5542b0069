package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads the JSON object columns of templates and deployments. */
final class JsonObjects {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonObjects() {}

  /** {@code json} as an object; null or blank is the empty object. */
  static ObjectNode parse(String json, String what) {
    if (json == null || json.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      var node = MAPPER.readTree(json);
      if (!node.isObject()) {
        throw new DesiredStateException(what + " must be a JSON object, not " + node.getNodeType());
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new DesiredStateException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
