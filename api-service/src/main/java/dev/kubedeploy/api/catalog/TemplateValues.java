package dev.kubedeploy.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.api.error.FieldError;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.values.HelmValues;
import dev.kubedeploy.model.values.ValuesSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the values a release of a template would get against the template's schema. Compiled
 * schemas are kept by their text, which the catalog never changes once written.
 */
@ApplicationScoped
public class TemplateValues {

  /** Far more than the catalog holds; a bound only so that a runaway catalog cannot fill memory. */
  private static final int MAX_CACHED_SCHEMAS = 1000;

  private final Map<String, ValuesSchema> schemas = new ConcurrentHashMap<>();

  /**
   * Why the template's defaults merged with {@code userValues} fail its schema, as pointers into
   * the request member {@code member} (e.g. {@code /user_values}); empty when they pass or the
   * template has no schema.
   */
  public List<FieldError> violations(
      ProductTemplateVersion template, JsonNode userValues, String member) {
    if (template.valuesSchemaJson == null) {
      return List.of();
    }
    var merged = HelmValues.merge(JsonText.parseObject(template.defaultValuesJson), userValues);
    return schema(template.valuesSchemaJson).violations(merged).stream()
        .map(v -> v.under(member))
        .map(v -> FieldError.atPointer(v.pointer(), v.message()))
        .toList();
  }

  private ValuesSchema schema(String schemaText) {
    if (schemas.size() >= MAX_CACHED_SCHEMAS) {
      schemas.clear();
    }
    return schemas.computeIfAbsent(schemaText, text -> ValuesSchema.compile(JsonText.parse(text)));
  }
}
