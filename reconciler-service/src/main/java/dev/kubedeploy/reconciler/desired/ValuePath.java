package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A place in a chart's values written as dotted keys ({@code ingress.host}); {@code \.} stands for
 * a dot inside a key ({@code podAnnotations.prometheus\.io/scrape}).
 */
public record ValuePath(List<String> keys) {

  public ValuePath {
    keys = List.copyOf(keys);
  }

  /** Parses {@code ingress.host}; empty keys are refused. */
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
      throw new DesiredStateException("'" + dotted + "' is not a values path: a key is empty");
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

  @Override
  public String toString() {
    return String.join(".", keys.stream().map(key -> key.replace(".", "\\.")).toList());
  }
}
