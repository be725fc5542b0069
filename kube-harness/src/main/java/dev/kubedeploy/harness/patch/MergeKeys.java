package dev.kubedeploy.harness.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * The {@code patchMergeKey} of the built-in types' lists, by field name. The API server knows them
 * per Go struct; the harness knows them per field name, which gives the same answer for the fields
 * charts use (containers, env, ports, volumes, volume mounts, conditions...).
 */
final class MergeKeys {

  private static final Map<String, String> BY_FIELD =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("env", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("conditions", "type"),
          Map.entry("hostAliases", "ip"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("resizePolicy", "resourceName"),
          Map.entry("topologySpreadConstraints", "topologyKey"));

  /** Lists of strings whose patch strategy is "merge" (a set union) rather than replace. */
  private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

  private MergeKeys() {}

  /** The merge key of the list in {@code field}, or null when the list is replaced whole. */
  static String of(String field, JsonNode... lists) {
    if (field.equals("ports")) {
      // container ports merge on containerPort, service ports on port
      for (var list : lists) {
        for (var element : list) {
          if (element.has("containerPort")) {
            return "containerPort";
          }
          if (element.has("port")) {
            return "port";
          }
        }
      }
      return null;
    }
    return BY_FIELD.get(field);
  }

  static boolean mergesPrimitives(String field) {
    return MERGED_PRIMITIVE_LISTS.contains(field);
  }
}
