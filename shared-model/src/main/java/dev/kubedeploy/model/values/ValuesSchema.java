package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's values schema, compiled once and applied to the values a release would get. Uses the
 * networknt validator; drafts 4 to 2020-12 are honoured through {@code $schema}, 2020-12 when the
 * schema names none. Schemas are never fetched from the network: only the drafts' own meta-schemas,
 * which ship inside the validator, can be referenced. Pure and free of Quarkus, like {@link
 * HelmValues}.
 */
public final class ValuesSchema {

  private static final VersionFlag DEFAULT_VERSION = VersionFlag.V202012;

  /** Prefix of the classpath copies of the drafts' meta-schemas inside the validator's jar. */
  private static final String BUNDLED_META_SCHEMAS = "classpath:draft";

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();

  private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = factories();

  private final JsonSchema schema;

  private ValuesSchema(JsonSchema schema) {
    this.schema = schema;
  }

  /**
   * Compiles {@code schemaNode} after checking it against its draft's meta-schema.
   *
   * @throws InvalidSchemaException when it is not a valid JSON Schema, with the pointers into it
   */
  public static ValuesSchema compile(JsonNode schemaNode) {
    if (!schemaNode.isObject()) {
      throw new InvalidSchemaException(
          List.of(new SchemaViolation("", "a values schema must be a JSON object")));
    }
    var version = detectVersion(schemaNode);
    var factory = FACTORIES.get(version);
    try {
      var metaSchema = factory.getSchema(SchemaLocation.of(metaSchemaIri(version)), CONFIG);
      var metaViolations = violations(metaSchema.validate(schemaNode));
      if (!metaViolations.isEmpty()) {
        throw new InvalidSchemaException(metaViolations);
      }
      var compiled = factory.getSchema(schemaNode, CONFIG);
      compiled.initializeValidators();
      return new ValuesSchema(compiled);
    } catch (JsonSchemaException e) {
      throw new InvalidSchemaException(List.of(new SchemaViolation("", e.getMessage())));
    }
  }

  /** Why {@code values} fails this schema, ordered by pointer; empty when it satisfies it. */
  public List<SchemaViolation> violations(JsonNode values) {
    try {
      return violations(schema.validate(values));
    } catch (JsonSchemaException e) {
      return List.of(new SchemaViolation("", e.getMessage()));
    }
  }

  private static List<SchemaViolation> violations(Set<ValidationMessage> messages) {
    return messages.stream()
        .map(ValuesSchema::violation)
        .distinct()
        .sorted(Comparator.comparing(SchemaViolation::pointer))
        .toList();
  }

  private static SchemaViolation violation(ValidationMessage message) {
    var pointer = message.getInstanceLocation().toString();
    // "required" reports the object that lacks a member; point at the missing member instead.
    if ("required".equals(message.getType()) && message.getProperty() != null) {
      pointer = pointer + "/" + escape(message.getProperty());
    }
    return new SchemaViolation(pointer, message.getError());
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static VersionFlag detectVersion(JsonNode schemaNode) {
    try {
      return SpecVersionDetector.detectOptionalVersion(schemaNode, false).orElse(DEFAULT_VERSION);
    } catch (JsonSchemaException e) {
      throw new InvalidSchemaException(
          List.of(new SchemaViolation("/$schema", "names no supported JSON Schema draft")));
    }
  }

  private static String metaSchemaIri(VersionFlag version) {
    return switch (version) {
      case V4 -> JsonMetaSchema.getV4().getIri();
      case V6 -> JsonMetaSchema.getV6().getIri();
      case V7 -> JsonMetaSchema.getV7().getIri();
      case V201909 -> JsonMetaSchema.getV201909().getIri();
      case V202012 -> JsonMetaSchema.getV202012().getIri();
    };
  }

  private static Map<VersionFlag, JsonSchemaFactory> factories() {
    var factories = new EnumMap<VersionFlag, JsonSchemaFactory>(VersionFlag.class);
    for (var version : VersionFlag.values()) {
      factories.put(
          version,
          JsonSchemaFactory.getInstance(
              version,
              builder ->
                  builder.schemaLoaders(
                      loaders ->
                          loaders.add(
                              iri -> {
                                if (iri.toString().startsWith(BUNDLED_META_SCHEMAS)) {
                                  return null; // the validator's own classpath loader serves it
                                }
                                throw new JsonSchemaException(
                                    "cannot load '" + iri + "': only local references are allowed");
                              }))));
    }
    return factories;
  }
}
