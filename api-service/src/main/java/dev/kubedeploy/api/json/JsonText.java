package dev.kubedeploy.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Converts between the JSON text of jsonb columns and Jackson trees. */
public final class JsonText {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  /** The tree of a column's text; null stays null. */
  public static JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the database holds invalid JSON", e);
    }
  }

  /** The object a column holds, or an empty object when it holds none. */
  public static ObjectNode parseObject(String text) {
    return parse(text) instanceof ObjectNode object ? object : MAPPER.createObjectNode();
  }

  /** The text to store for {@code node}; null for a missing or JSON-null node. */
  public static String write(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
