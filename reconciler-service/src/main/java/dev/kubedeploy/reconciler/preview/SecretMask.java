package dev.kubedeploy.reconciler.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kubedeploy.model.values.SecretValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps secrets out of a preview: every value of a Secret's {@code data} and {@code stringData}
 * becomes {@code "***"}, and so does every string field that holds one of the secret values,
 * wherever a chart put it (whole, within a longer text, or base64-encoded).
 */
final class SecretMask {

  private static final TextNode MASK = TextNode.valueOf(SecretValues.MASK);

  /** Shorter values are masked only where a field holds exactly them: else words would go. */
  private static final int MIN_INNER_LENGTH = 4;

  private final Set<String> exact = new HashSet<>();
  private final List<String> inner;

  SecretMask(List<SecretValues> secrets) {
    var texts = new HashSet<String>();
    for (var values : secrets) {
      exact.addAll(values.scalarTexts());
      texts.addAll(values.texts());
    }
    for (var text : Set.copyOf(texts)) {
      texts.add(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }
    exact.addAll(texts);
    // the longest first, so that a value containing another is masked whole
    inner =
        texts.stream()
            .filter(text -> text.length() >= MIN_INNER_LENGTH)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** A copy of {@code object} with its secrets masked. */
  JsonNode apply(JsonNode object) {
    var masked = object.deepCopy();
    if ("Secret".equals(object.path("kind").asText()) && masked instanceof ObjectNode secret) {
      for (var member : List.of("data", "stringData")) {
        if (secret.get(member) instanceof ObjectNode data) {
          names(data).forEach(key -> data.set(key, MASK));
        }
      }
    }
    return maskTexts(masked);
  }

  /** Redacts the secret values from a text that may echo them, such as Helm's error. */
  String redact(String text) {
    var redacted = text;
    for (var secret : inner) {
      redacted = redacted.replace(secret, SecretValues.MASK);
    }
    return redacted;
  }

  private static List<String> names(ObjectNode object) {
    var names = new ArrayList<String>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private JsonNode maskTexts(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (var key : names(object)) {
        object.set(key, maskTexts(object.get(key)));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (var i = 0; i < array.size(); i++) {
        array.set(i, maskTexts(array.get(i)));
      }
      return array;
    }
    if (node.isTextual()) {
      var text = node.textValue();
      return exact.contains(text) ? MASK : TextNode.valueOf(redact(text));
    }
    // a number or boolean that is a short secret cannot be told from an ordinary one (replicas: 1)
    if (node.isValueNode()
        && node.asText().length() >= MIN_INNER_LENGTH
        && exact.contains(node.asText())) {
      return MASK;
    }
    return node;
  }
}
