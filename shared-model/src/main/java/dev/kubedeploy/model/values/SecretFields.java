package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The places in a chart's values that a template's values schema marks secret, with {@code
 * "writeOnly": true} or {@code "x-kubedeploy-secret": true}. A marked field must be reached from
 * the root through {@code properties} alone (it may sit beside a {@code $ref}): a marker inside
 * {@code items}, {@code allOf}, {@code $defs} and the like names no single place, so it is refused
 * rather than silently leaving those values in clear.
 */
public record SecretFields(List<ValuePath> paths) {

  /** The platform's own marker, for schemas that keep {@code writeOnly} for something else. */
  public static final String MARKER = "x-kubedeploy-secret";

  /** Keywords whose members are schemas but name no member of the values. */
  private static final Set<String> SCHEMA_MAPS =
      Set.of("patternProperties", "$defs", "definitions", "dependentSchemas");

  /** Keywords whose values are instances, not schemas. */
  private static final Set<String> INSTANCES = Set.of("enum", "const", "default", "examples");

  public SecretFields {
    paths = List.copyOf(paths);
  }

  /** No secret fields. */
  public static SecretFields none() {
    return new SecretFields(List.of());
  }

  /**
   * The secret fields of {@code schema}; none for a null schema.
   *
   * @throws InvalidSchemaException pointing at each marker that names no single place
   */
  public static SecretFields of(JsonNode schema) {
    if (schema == null || schema.isNull()) {
      return none();
    }
    var paths = new ArrayList<ValuePath>();
    var violations = new ArrayList<SchemaViolation>();
    collect(schema, List.of(), "", true, paths, violations);
    if (!violations.isEmpty()) {
      throw new InvalidSchemaException(violations);
    }
    return new SecretFields(paths);
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  private static void collect(
      JsonNode schema,
      List<String> keys,
      String pointer,
      boolean throughProperties,
      List<ValuePath> paths,
      List<SchemaViolation> violations) {
    if (!schema.isObject()) {
      return;
    }
    if (isMarked(schema)) {
      if (throughProperties && !keys.isEmpty()) {
        paths.add(new ValuePath(keys));
      } else {
        violations.add(
            new SchemaViolation(
                pointer,
                "marks a secret where no single values field is named: mark a member of"
                    + " 'properties' (beside its $ref if it has one)"));
      }
      return;
    }
    for (var keyword : schema.properties()) {
      var name = keyword.getKey();
      if (INSTANCES.contains(name)) {
        continue;
      }
      var value = keyword.getValue();
      var at = pointer + "/" + escape(name);
      if (name.equals("properties")) {
        for (var member : value.properties()) {
          var memberKeys = new ArrayList<>(keys);
          memberKeys.add(member.getKey());
          collect(
              member.getValue(),
              memberKeys,
              at + "/" + escape(member.getKey()),
              throughProperties,
              paths,
              violations);
        }
      } else if (SCHEMA_MAPS.contains(name)) {
        for (var member : value.properties()) {
          collect(
              member.getValue(),
              keys,
              at + "/" + escape(member.getKey()),
              false,
              paths,
              violations);
        }
      } else if (value.isArray()) {
        for (var i = 0; i < value.size(); i++) {
          collect(value.get(i), keys, at + "/" + i, false, paths, violations);
        }
      } else {
        collect(value, keys, at, false, paths, violations);
      }
    }
  }

  private static boolean isMarked(JsonNode schema) {
    return isTrue(schema.get("writeOnly")) || isTrue(schema.get(MARKER));
  }

  private static boolean isTrue(JsonNode node) {
    return node != null && node.isBoolean() && node.booleanValue();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
