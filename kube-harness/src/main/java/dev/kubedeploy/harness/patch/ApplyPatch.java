package dev.kubedeploy.harness.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Objects;

/**
 * Server-side apply approximated by a three-way merge: the applied configuration is merged into the
 * live object the strategic way, and fields the same field manager applied last time but no longer
 * applies are removed (what client-side apply does with its last-applied annotation). There is no
 * field ownership: no conflicts between managers and no {@code managedFields}.
 */
public final class ApplyPatch {

  private ApplyPatch() {}

  /**
   * @param lastApplied what this field manager applied to the object before, or null
   */
  public static ObjectNode apply(ObjectNode live, ObjectNode lastApplied, ObjectNode config) {
    var result = live.deepCopy();
    if (lastApplied != null) {
      removeDropped(result, lastApplied, config);
    }
    return StrategicMergePatch.apply(result, config);
  }

  private static void removeDropped(ObjectNode live, ObjectNode last, ObjectNode config) {
    for (Iterator<String> names = last.fieldNames(); names.hasNext(); ) {
      var field = names.next();
      var before = last.get(field);
      var now = config.get(field);
      if (now == null || now.isNull()) {
        live.remove(field);
      } else if (before instanceof ObjectNode beforeObject
          && now instanceof ObjectNode nowObject
          && live.get(field) instanceof ObjectNode liveObject) {
        removeDropped(liveObject, beforeObject, nowObject);
      } else if (before instanceof ArrayNode beforeList
          && now instanceof ArrayNode nowList
          && live.get(field) instanceof ArrayNode liveList) {
        removeDroppedElements(field, liveList, beforeList, nowList);
      }
    }
  }

  private static void removeDroppedElements(
      String field, ArrayNode live, ArrayNode before, ArrayNode now) {
    var key = MergeKeys.of(field, before, now);
    if (key == null) {
      return;
    }
    for (var element : before) {
      var id = element.get(key);
      var applied = find(now, key, id);
      var liveIndex = indexOf(live, key, id);
      if (liveIndex < 0) {
        continue;
      }
      if (applied == null) {
        live.remove(liveIndex);
      } else if (element instanceof ObjectNode beforeElement
          && applied instanceof ObjectNode appliedElement
          && live.get(liveIndex) instanceof ObjectNode liveElement) {
        removeDropped(liveElement, beforeElement, appliedElement);
      }
    }
  }

  private static JsonNode find(ArrayNode list, String key, JsonNode id) {
    var index = indexOf(list, key, id);
    return index < 0 ? null : list.get(index);
  }

  private static int indexOf(ArrayNode list, String key, JsonNode id) {
    for (var i = 0; i < list.size(); i++) {
      if (Objects.equals(list.get(i).get(key), id)) {
        return i;
      }
    }
    return -1;
  }
}
