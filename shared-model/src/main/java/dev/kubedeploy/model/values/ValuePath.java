package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A place in a chart's values written as dotted keys ({@code ingress.host}); {@code \.} stands for
 * a dot inside a key ({@code podAnnotations.prometheus\.io/scrape}).
 */
public record ValuePath(List<String> keys) {

  public ValuePath {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a values path has at least one key");
    }
  }

  /**
   * Parses {@code ingress.host}.
   *
   * @throws IllegalArgumentException when a key is empty
   */
  public static ValuePath parse(String dotted) {
    var keys = new ArrayList<String>();
    var key = new StringBuilder();
    for (var i = 0; i < dotted.length(); i++) {
      var c = dotted.charAt(i);
      if (c == '\\' && i + 1 < dotted.length() && dotted.charAt(i + 1) == '.') {
        key.append('.');
        i++;
      } else if (c == '.') {
        keys.add(key.toString());
        key.setLength(0);
      } else {
        key.append(c);
      }
    }
    keys.add(key.toString());
    if (keys.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("'" + dotted + "' is not a values path: a key is empty");
    }
    return new ValuePath(keys);
  }

  /**
   * Puts {@code value} at this path in {@code root}, creating the maps on the way and replacing a
   * non-map that stands in the way (the platform's value wins).
   */
  public void set(ObjectNode root, JsonNode value) {
    var node = root;
    for (var key : keys.subList(0, keys.size() - 1)) {
      var next = node.get(key);
      node = next != null && next.isObject() ? (ObjectNode) next : node.putObject(key);
    }
    node.set(keys.getLast(), value);
  }

  /** The value at this path in {@code root}, when every map on the way and the value exist. */
  public Optional<JsonNode> find(JsonNode root) {
    var node = root;
    for (var key : keys) {
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      node = node.get(key);
    }
    return Optional.ofNullable(node);
  }

  /** The JSON pointer (RFC 6901) of this path. */
  public String pointer() {
    var pointer = new StringBuilder();
    for (var key : keys) {
      pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  @Override
  public String toString() {
    return String.join(".", keys.stream().map(key -> key.replace(".", "\\.")).toList());
  }
}
