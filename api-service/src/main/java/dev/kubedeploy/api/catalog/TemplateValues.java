package dev.kubedeploy.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.values.Capabilities;
import dev.kubedeploy.model.values.HelmValues;
import dev.kubedeploy.model.values.InvalidCapabilitiesException;
import dev.kubedeploy.model.values.JsonInputRules;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.PlatformValue;
import dev.kubedeploy.model.values.ValuePath;
import dev.kubedeploy.model.values.ValuesSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges the values a release of a template would get before the API accepts a change: the user's
 * values alone (printable keys, no control characters, numbers that fit, nothing at a place the
 * platform owns), then the template's defaults, the user's values and the platform's facts merged
 * as the reconciler merges them, against the template's schema. Compiled schemas are kept by their
 * text, which the catalog never changes once written.
 */
@ApplicationScoped
public class TemplateValues {

  /** Far more than the catalog holds; a bound only so that a runaway catalog cannot fill memory. */
  private static final int MAX_CACHED_SCHEMAS = 1000;

  private static final String USER_VALUES = "/user_values";

  private final Map<String, ValuesSchema> schemas = new ConcurrentHashMap<>();

  /**
   * Why {@code template} cannot be released with {@code userValues} and {@code facts}: pointers
   * under {@code /user_values} for the user's values, the request field ({@code target_replicas},
   * {@code resources}, {@code domainname}) for a platform fact the schema refuses; empty when it
   * can.
   */
  public List<FieldError> violations(
      ProductTemplateVersion template, JsonNode userValues, PlatformFacts facts) {
    var errors = new ArrayList<FieldError>();
    for (var v : JsonInputRules.violations(userValues)) {
      errors.add(FieldError.atPointer(USER_VALUES + v.pointer(), v.message()));
    }
    Capabilities capabilities;
    try {
      capabilities = Capabilities.parse(JsonText.parse(template.capabilitiesJson));
    } catch (InvalidCapabilitiesException e) {
      errors.add(
          FieldError.forField(
              "template_id",
              "the template's capabilities_json is invalid; an admin must publish a fixed version"));
      return errors;
    }
    var owned = capabilities.ownedPaths();
    owned.entrySet().stream()
        .sorted(Comparator.comparing(entry -> entry.getKey().pointer()))
        .forEach(
            entry ->
                entry
                    .getKey()
                    .find(userValues)
                    .ifPresent(
                        given ->
                            errors.add(
                                FieldError.atPointer(
                                    USER_VALUES + entry.getKey().pointer(),
                                    "is set by the platform from the deployment's "
                                        + factName(entry.getValue())
                                        + "; it cannot be given in user_values"))));
    if (!errors.isEmpty() || template.valuesSchemaJson == null) {
      return errors;
    }
    var userLayer = HelmValues.layer(JsonText.parseObject(template.defaultValuesJson), userValues);
    var merged =
        HelmValues.effective(HelmValues.layer(userLayer, capabilities.place(facts.values())));
    for (var v : schema(template.valuesSchemaJson).violations(merged)) {
      errors.add(
          ownerOf(v.pointer(), owned)
              .map(
                  value ->
                      FieldError.forField(
                          field(value),
                          "the template's values schema refuses the "
                              + factName(value)
                              + " placed at "
                              + v.pointer()
                              + ": "
                              + v.message()))
              .orElseGet(() -> FieldError.atPointer(USER_VALUES + v.pointer(), v.message())));
    }
    return errors;
  }

  /** The platform fact whose place holds {@code pointer} (or lies below it), if any. */
  private static Optional<PlatformValue> ownerOf(
      String pointer, Map<ValuePath, PlatformValue> owned) {
    return owned.entrySet().stream()
        .filter(
            entry ->
                pointer.equals(entry.getKey().pointer())
                    || pointer.startsWith(entry.getKey().pointer() + "/"))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static String field(PlatformValue value) {
    return switch (value) {
      case REPLICAS -> "target_replicas";
      case RESOURCES, STORAGE_SIZE -> "resources";
      case DOMAIN, INGRESS_ENABLED -> "domainname";
    };
  }

  private static String factName(PlatformValue value) {
    return switch (value) {
      case REPLICAS -> "replica count";
      case RESOURCES -> "resources";
      case STORAGE_SIZE -> "storage";
      case DOMAIN -> "domain name";
      case INGRESS_ENABLED -> "domain name (ingress enablement)";
    };
  }

  private ValuesSchema schema(String schemaText) {
    if (schemas.size() >= MAX_CACHED_SCHEMAS) {
      schemas.clear();
    }
    return schemas.computeIfAbsent(schemaText, text -> ValuesSchema.compile(JsonText.parse(text)));
  }
}
