package dev.kubedeploy.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

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

  /**
   * SHA-256 (hex) of {@code node} as canonical JSON, members sorted at every level: two trees that
   * differ only in member order hash alike. A missing node hashes as JSON null.
   */
  public static String sha256(JsonNode node) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(node)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code node} as canonical JSON: members sorted at every level, a missing node as null. */
  public static byte[] canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(sorted(node == null ? NullNode.getInstance() : node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var members = new TreeMap<String, JsonNode>();
      object.properties().forEach(e -> members.put(e.getKey(), sorted(e.getValue())));
      var copy = MAPPER.createObjectNode();
      members.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      var copy = MAPPER.createArrayNode();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }
}
