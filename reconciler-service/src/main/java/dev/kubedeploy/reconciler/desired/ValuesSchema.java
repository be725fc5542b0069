package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;

/**
 * A template's {@code values_schema_json}. The API checks user values against it when they are
 * written; the reconciler checks the merged values again, because the template defaults and the
 * platform's own values are part of what the chart gets.
 */
public final class ValuesSchema {

  /** Schemas that do not say which draft they follow are read as draft 2020-12. */
  private static final SpecVersion.VersionFlag DEFAULT_DRAFT = SpecVersion.VersionFlag.V202012;

  private ValuesSchema() {}

  /** The violations of {@code values}, one readable line each; empty without a schema. */
  public static List<String> violations(String schemaJson, JsonNode values) {
    if (schemaJson == null || schemaJson.isBlank()) {
      return List.of();
    }
    var schemaNode = JsonObjects.parse(schemaJson, "values_schema_json");
    var draft = SpecVersionDetector.detectOptionalVersion(schemaNode, false).orElse(DEFAULT_DRAFT);
    var schema = JsonSchemaFactory.getInstance(draft).getSchema(schemaNode);
    return schema.validate(values).stream()
        .sorted(Comparator.comparing(message -> message.getInstanceLocation().toString()))
        .map(ValidationMessage::getMessage)
        .toList();
  }

  /** Throws when {@code values} violate the schema. */
  public static void check(String schemaJson, JsonNode values) {
    var violations = violations(schemaJson, values);
    if (!violations.isEmpty()) {
      throw new DesiredStateException(
          "values violate the template's values_schema_json: " + String.join("; ", violations));
    }
  }
}
