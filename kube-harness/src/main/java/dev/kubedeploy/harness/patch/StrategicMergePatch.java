package dev.kubedeploy.harness.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;

/**
 * Strategic merge patch as kubectl and Helm 3 send it: maps merge, {@code null} removes, lists with
 * a merge key (see {@link MergeKeys}) merge element by element, other lists are replaced; the
 * directives {@code $patch} (replace, delete, merge), {@code $retainKeys}, {@code
 * $setElementOrder/<field>} and {@code $deleteFromPrimitiveList/<field>} are honoured.
 */
public final class StrategicMergePatch {

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String ORDER_PREFIX = "$setElementOrder/";
  private static final String DELETE_PRIMITIVE_PREFIX = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {}

  public static ObjectNode apply(ObjectNode original, ObjectNode patch) {
    var merged = mergeObject(original.deepCopy(), patch);
    return merged == null ? Json.object() : merged;
  }

  /** Merges {@code patch} into {@code target} (modified in place); null means "delete me". */
  private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch) {
    var directive = patch.path(PATCH).asText("merge");
    if (directive.equals("delete")) {
      return null;
    }
    if (directive.equals("replace")) {
      return withoutDirectives(patch);
    }
    for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
      var field = names.next();
      var value = patch.get(field);
      if (field.equals(PATCH) || field.equals(RETAIN_KEYS) || field.startsWith(ORDER_PREFIX)) {
        continue;
      }
      if (field.startsWith(DELETE_PRIMITIVE_PREFIX)) {
        removePrimitives(target, field.substring(DELETE_PRIMITIVE_PREFIX.length()), value);
        continue;
      }
      if (value.isNull()) {
        target.remove(field);
      } else if (value instanceof ObjectNode patchObject
          && target.get(field) instanceof ObjectNode targetObject) {
        var merged = mergeObject(targetObject, patchObject);
        if (merged == null) {
          target.remove(field);
        } else {
          target.set(field, merged);
        }
      } else if (value instanceof ArrayNode patchList
          && target.get(field) instanceof ArrayNode targetList) {
        target.set(field, mergeList(field, targetList, patchList));
      } else if (value instanceof ObjectNode patchObject) {
        var created = mergeObject(Json.object(), patchObject);
        if (created != null) {
          target.set(field, created);
        }
      } else {
        target.set(field, withoutDirectives(value));
      }
    }
    for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
      var field = names.next();
      if (field.startsWith(ORDER_PREFIX)) {
        order(target, field.substring(ORDER_PREFIX.length()), patch.get(field));
      }
    }
    if (patch.get(RETAIN_KEYS) instanceof ArrayNode retained) {
      var keep = new HashSet<String>();
      retained.forEach(k -> keep.add(k.asText()));
      target.retain(keep);
    }
    return target;
  }

  private static ArrayNode mergeList(String field, ArrayNode target, ArrayNode patch) {
    var replace = false;
    var elements = new ArrayList<JsonNode>();
    for (var element : patch) {
      if (element.isObject()
          && element.path(PATCH).asText().equals("replace")
          && element.size() == 1) {
        replace = true;
      } else {
        elements.add(element);
      }
    }
    var key = MergeKeys.of(field, target, patch);
    if (replace || (key == null && !MergeKeys.mergesPrimitives(field))) {
      var result = Json.array();
      elements.forEach(e -> result.add(withoutDirectives(e)));
      return result;
    }
    var result = target.deepCopy();
    if (key == null) {
      for (var element : elements) {
        if (!contains(result, element)) {
          result.add(element.deepCopy());
        }
      }
      return result;
    }
    for (var element : elements) {
      var id = element.get(key);
      var index = indexOf(result, key, id);
      if (element.path(PATCH).asText().equals("delete")) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0
          && result.get(index) instanceof ObjectNode existing
          && element instanceof ObjectNode patchElement) {
        var merged = mergeObject(existing, patchElement);
        if (merged == null) {
          result.remove(index);
        } else {
          result.set(index, merged);
        }
      } else {
        result.add(withoutDirectives(element));
      }
    }
    return result;
  }

  private static void order(ObjectNode target, String field, JsonNode order) {
    if (!(target.get(field) instanceof ArrayNode list) || !(order instanceof ArrayNode wanted)) {
      return;
    }
    var key = MergeKeys.of(field, list, wanted);
    var remaining = new ArrayList<JsonNode>();
    list.forEach(remaining::add);
    var ordered = Json.array();
    for (var entry : wanted) {
      for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext(); ) {
        var element = it.next();
        var same =
            key == null ? element.equals(entry) : Objects.equals(element.get(key), entry.get(key));
        if (same) {
          ordered.add(element);
          it.remove();
          break;
        }
      }
    }
    remaining.forEach(ordered::add);
    target.set(field, ordered);
  }

  private static void removePrimitives(ObjectNode target, String field, JsonNode values) {
    if (target.get(field) instanceof ArrayNode list) {
      var kept = Json.array();
      list.forEach(
          element -> {
            if (!contains(values, element)) {
              kept.add(element);
            }
          });
      target.set(field, kept);
    }
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (var element : list) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode id) {
    for (var i = 0; i < list.size(); i++) {
      if (Objects.equals(list.get(i).get(key), id)) {
        return i;
      }
    }
    return -1;
  }

  /** A copy without any {@code $...} directive, at any depth. */
  static JsonNode withoutDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var copy = Json.object();
      object
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().startsWith("$")) {
                  copy.set(e.getKey(), withoutDirectives(e.getValue()));
                }
              });
      return copy;
    }
    if (node instanceof ArrayNode array) {
      var copy = Json.array();
      array.forEach(e -> copy.add(withoutDirectives(e)));
      return copy;
    }
    return node.deepCopy();
  }

  static ObjectNode withoutDirectives(ObjectNode node) {
    return (ObjectNode) withoutDirectives((JsonNode) node);
  }
}
