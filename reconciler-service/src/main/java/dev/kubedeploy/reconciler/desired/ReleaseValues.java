package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The values a deployment's release gets: the template's defaults, the user's values over them, and
 * the platform's own facts over both (a user cannot override the replica count or resources the
 * platform accounts for), validated against the template's schema.
 */
public final class ReleaseValues {

  private ReleaseValues() {}

  /**
   * The values file for Helm. Nulls are kept so that Helm deletes the chart defaults they name; the
   * schema judges the values with those keys removed.
   */
  public static ObjectNode build(DesiredDeployment deployment) {
    var template = deployment.template();
    var defaults = JsonObjects.parse(template.defaultValuesJson(), "default_values_json");
    var user = JsonObjects.parse(deployment.userValuesJson(), "user_values_json");
    var platform =
        Capabilities.parse(template.capabilitiesJson()).place(PlatformValues.of(deployment));
    var values = ValuesMerge.merge(ValuesMerge.merge(defaults, user), platform);
    ValuesSchema.check(template.valuesSchemaJson(), ValuesMerge.effective(values));
    return values;
  }
}
