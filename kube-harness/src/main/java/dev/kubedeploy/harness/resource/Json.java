package dev.kubedeploy.harness.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over Jackson trees, the form every object takes inside the harness. */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static ObjectNode parseObject(String json) {
    try {
      var node = MAPPER.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw new ApiException(400, "BadRequest", "the request body is not a JSON object");
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "BadRequest", "invalid JSON: " + e.getOriginalMessage());
    }
  }

  public static ObjectNode parseObject(byte[] json) {
    try {
      var node = MAPPER.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw new ApiException(400, "BadRequest", "the request body is not a JSON object");
    } catch (IOException e) {
      throw new ApiException(400, "BadRequest", "invalid JSON: " + e.getMessage());
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The child object at {@code field}, created when missing. */
  public static ObjectNode child(ObjectNode parent, String field) {
    var existing = parent.get(field);
    if (existing instanceof ObjectNode object) {
      return object;
    }
    return parent.putObject(field);
  }

  /** The text at a path of field names, or null. */
  public static String text(JsonNode node, String... path) {
    var current = node;
    for (var field : path) {
      if (current == null) {
        return null;
      }
      current = current.get(field);
    }
    return current == null || current.isNull() ? null : current.asText();
  }

  public static int integer(JsonNode node, int fallback, String... path) {
    var current = node;
    for (var field : path) {
      if (current == null) {
        return fallback;
      }
      current = current.get(field);
    }
    return current == null || current.isNull() ? fallback : current.asInt(fallback);
  }

  public static ObjectNode metadata(ObjectNode object) {
    return child(object, "metadata");
  }

  public static String name(JsonNode object) {
    return text(object, "metadata", "name");
  }

  public static String namespace(JsonNode object) {
    return text(object, "metadata", "namespace");
  }

  public static String uid(JsonNode object) {
    return text(object, "metadata", "uid");
  }

  public static long generation(JsonNode object) {
    var value = object.path("metadata").path("generation");
    return value.isMissingNode() ? 0 : value.asLong();
  }

  public static Map<String, String> labels(JsonNode object) {
    return stringMap(object.path("metadata").path("labels"));
  }

  public static Map<String, String> stringMap(JsonNode node) {
    var result = new LinkedHashMap<String, String>();
    if (node instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    }
    return result;
  }

  public static boolean isTerminating(JsonNode object) {
    return text(object, "metadata", "deletionTimestamp") != null;
  }

  /** A timestamp as the API server writes it: RFC 3339, whole seconds, UTC. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String now() {
    return timestamp(Instant.now());
  }
}
