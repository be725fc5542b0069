package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.model.values.Capabilities;
import dev.kubedeploy.model.values.HelmValues;
import dev.kubedeploy.model.values.InvalidCapabilitiesException;
import dev.kubedeploy.model.values.InvalidSchemaException;
import dev.kubedeploy.model.values.SchemaViolation;
import dev.kubedeploy.model.values.ValuesSchema;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The values a deployment's release gets: the template's defaults, the user's values over them, and
 * the platform's own facts over both (a user cannot override the replica count or resources the
 * platform accounts for), validated against the template's schema. Secret values are put back in
 * place of their {@code "***"} here, so they exist in clear only in the values file.
 */
public final class ReleaseValues {

  private ReleaseValues() {}

  /**
   * The values file for Helm. Every place the template's capabilities name is written, with an
   * explicit null (or {@code false}) for a fact the deployment lacks, so that neither a chart
   * default nor a value left from an earlier release fills it. Nulls are kept so that Helm deletes
   * the chart defaults they name; the schema judges the values with those keys removed.
   */
  public static ObjectNode build(DesiredDeployment deployment) {
    var template = deployment.template();
    var defaults = JsonObjects.parse(template.defaultValuesJson(), "default_values_json");
    var user =
        deployment
            .secrets()
            .revealIn(JsonObjects.parse(deployment.userValuesJson(), "user_values_json"));
    var platform =
        capabilities(template.capabilitiesJson()).place(deployment.platformFacts().values());
    var values = HelmValues.layer(HelmValues.layer(defaults, user), platform);
    checkAgainstSchema(template.valuesSchemaJson(), HelmValues.effective(values));
    return values;
  }

  /** The API judged the column when the template was published; one it would refuse is bad data. */
  private static Capabilities capabilities(String capabilitiesJson) {
    try {
      return Capabilities.parse(JsonObjects.parse(capabilitiesJson, "capabilities_json"));
    } catch (InvalidCapabilitiesException e) {
      throw new DesiredStateException(
          "capabilities_json is invalid: " + describe(e.violations()), e);
    }
  }

  /**
   * The API checked the user's values when they were written; this checks again what the chart
   * really gets, since the template's defaults and the platform's values are part of it.
   */
  private static void checkAgainstSchema(String schemaJson, ObjectNode values) {
    if (schemaJson == null || schemaJson.isBlank()) {
      return;
    }
    try {
      var schema = ValuesSchema.compile(JsonObjects.parse(schemaJson, "values_schema_json"));
      var violations = schema.violations(values);
      if (!violations.isEmpty()) {
        throw new DesiredStateException(
            "values violate the template's values_schema_json: " + describe(violations));
      }
    } catch (InvalidSchemaException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }

  private static String describe(List<SchemaViolation> violations) {
    return violations.stream()
        .map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + v.message())
        .collect(Collectors.joining("; "));
  }
}
