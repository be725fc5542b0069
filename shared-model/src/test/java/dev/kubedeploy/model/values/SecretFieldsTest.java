package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writeOnlyAndThePlatformMarkerNameSecretFieldsAtAnyDepthOfProperties() {
    var fields =
        SecretFields.of(
            json(
                "{\"type\": \"object\", \"properties\": {"
                    + "\"adminPassword\": {\"type\": \"string\", \"writeOnly\": true},"
                    + "\"db\": {\"type\": \"object\", \"properties\": {"
                    + "  \"host\": {\"type\": \"string\"},"
                    + "  \"password\": {\"$ref\": \"#/$defs/pw\", \"x-kubedeploy-secret\": true}}},"
                    + "\"replicaCount\": {\"type\": \"integer\", \"writeOnly\": false}},"
                    + "\"$defs\": {\"pw\": {\"type\": \"string\"}}}"));

    assertThat(fields.paths())
        .containsExactlyInAnyOrder(
            ValuePath.parse("adminPassword"), ValuePath.parse("db.password"));
  }

  @Test
  void aSchemaWithoutMarkersHasNoSecretFields() {
    assertThat(SecretFields.of(json("{\"properties\": {\"a\": {\"type\": \"string\"}}}")).isEmpty())
        .isTrue();
    assertThat(SecretFields.of(null).isEmpty()).isTrue();
  }

  @Test
  void markersThatNameNoSingleFieldAreRefusedWithTheirPlace() {
    assertThatThrownBy(
            () ->
                SecretFields.of(
                    json(
                        "{\"properties\": {\"tokens\": {\"type\": \"array\", \"items\":"
                            + " {\"type\": \"string\", \"writeOnly\": true}},"
                            + " \"a\": {\"allOf\": [{\"x-kubedeploy-secret\": true}]}},"
                            + " \"$defs\": {\"pw\": {\"writeOnly\": true}}}")))
        .isInstanceOfSatisfying(
            InvalidSchemaException.class,
            e ->
                assertThat(e.violations())
                    .extracting(SchemaViolation::pointer)
                    .containsExactlyInAnyOrder(
                        "/properties/tokens/items", "/properties/a/allOf/0", "/$defs/pw"));
    assertThatThrownBy(() -> SecretFields.of(json("{\"writeOnly\": true}")))
        .isInstanceOf(InvalidSchemaException.class);
  }

  @Test
  void markersInsideExamplesOrDefaultsAreNotSchemas() {
    assertThat(
            SecretFields.of(
                    json(
                        "{\"properties\": {\"a\": {\"type\": \"object\","
                            + " \"default\": {\"writeOnly\": true},"
                            + " \"examples\": [{\"x-kubedeploy-secret\": true}]}}}"))
                .isEmpty())
        .isTrue();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
