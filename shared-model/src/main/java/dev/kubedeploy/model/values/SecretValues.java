package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values of a deployment's secret fields, by place. Its {@code toString} names the places only,
 * so that no log line or exception message built from it holds a value.
 */
public final class SecretValues {

  /** What reads show, and what a PATCH sends back to keep a stored value. */
  public static final String MASK = "***";

  private static final int MIN_REDACTED_LENGTH = 4;

  /** Binds sealed values to their deployment: copied to another one, they do not open. */
  private static final String CONTEXT_PREFIX = "kubedeploy secret values of ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ValuePath, JsonNode> values;

  private SecretValues(Map<ValuePath, JsonNode> values) {
    this.values = Map.copyOf(values);
  }

  public static SecretValues none() {
    return new SecretValues(Map.of());
  }

  /**
   * Takes the values of {@code fields} out of {@code userValues}: what is stored in clear holds
   * {@link #MASK} in their place. A field that is absent or null is not secret and stays.
   */
  public static Split split(JsonNode userValues, SecretFields fields) {
    if (userValues == null || !userValues.isObject()) {
      return new Split(userValues, none());
    }
    var masked = (ObjectNode) userValues.deepCopy();
    var secrets = new LinkedHashMap<ValuePath, JsonNode>();
    for (var path : fields.paths()) {
      var value = path.find(userValues);
      if (value.isPresent() && !value.get().isNull()) {
        secrets.put(path, value.get().deepCopy());
        path.set(masked, JsonNodeFactory.instance.textNode(MASK));
      }
    }
    return new Split(masked, new SecretValues(secrets));
  }

  /** Whether {@code value} is the mask. */
  public static boolean isMask(JsonNode value) {
    return value != null && value.isTextual() && MASK.equals(value.textValue());
  }

  /** A copy of {@code masked} holding these values at their places. */
  public JsonNode revealIn(JsonNode masked) {
    if (values.isEmpty()) {
      return masked;
    }
    var revealed =
        masked instanceof ObjectNode object
            ? object.deepCopy()
            : JsonNodeFactory.instance.objectNode();
    values.forEach((path, value) -> path.set(revealed, value.deepCopy()));
    return revealed;
  }

  /** The value stored at {@code path}. */
  public Optional<JsonNode> at(ValuePath path) {
    return Optional.ofNullable(values.get(path));
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Every string of four characters or more among the values, so that text echoing one (a tool's
   * error) can be redacted; shorter ones would redact ordinary words.
   */
  public List<String> texts() {
    var texts = new ArrayList<String>();
    values.values().forEach(value -> collectTexts(value, texts, MIN_REDACTED_LENGTH));
    return texts;
  }

  /**
   * Every scalar among the values as text, whatever its length: a rendered field holding exactly
   * one of them is a secret, however short.
   */
  public List<String> scalarTexts() {
    var texts = new ArrayList<String>();
    values.values().forEach(value -> collectTexts(value, texts, 1));
    return texts;
  }

  /** These values sealed with the ring's first key, bound to {@code context}. */
  public SecretKeyRing.Sealed seal(SecretKeyRing ring, String context) {
    var entries = JSON.createArrayNode();
    values.forEach(
        (path, value) -> {
          var entry = entries.addObject();
          path.keys().forEach(entry.putArray("path")::add);
          entry.set("value", value);
        });
    try {
      return ring.seal(JSON.writeValueAsBytes(entries), CONTEXT_PREFIX + context);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Opens what {@link #seal} sealed.
   *
   * @throws SecretUnreadableException when the ring cannot open it
   */
  public static SecretValues open(SecretKeyRing ring, SecretKeyRing.Sealed sealed, String context) {
    var plaintext = ring.open(sealed, CONTEXT_PREFIX + context);
    try {
      var values = new LinkedHashMap<ValuePath, JsonNode>();
      for (var entry : JSON.readTree(plaintext)) {
        var keys = new ArrayList<String>();
        entry.get("path").forEach(key -> keys.add(key.textValue()));
        values.put(new ValuePath(keys), entry.get("value"));
      }
      return new SecretValues(values);
    } catch (IOException | RuntimeException e) {
      throw new SecretUnreadableException("sealed secret values are not in the expected form");
    }
  }

  private static void collectTexts(JsonNode node, List<String> texts, int minLength) {
    if (node.isContainerNode()) {
      node.forEach(child -> collectTexts(child, texts, minLength));
    } else if (node.asText().length() >= minLength) {
      texts.add(node.asText());
    }
  }

  @Override
  public String toString() {
    return "SecretValues" + values.keySet();
  }

  /**
   * User values with their secrets taken out.
   *
   * @param masked the values to store in clear and show, {@link #MASK} at each secret field
   */
  public record Split(JsonNode masked, SecretValues secrets) {}
}
