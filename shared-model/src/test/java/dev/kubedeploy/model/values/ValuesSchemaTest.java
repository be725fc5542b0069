package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ValuesSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      {"type": "object",
       "properties": {
         "replicaCount": {"type": "integer", "minimum": 1},
         "image": {"type": "object",
                   "properties": {"tag": {"type": "string"}},
                   "required": ["tag"]}},
       "required": ["image"]}
      """;

  @Test
  void valuesThatSatisfyTheSchemaHaveNoViolations() {
    var schema = ValuesSchema.compile(json(SCHEMA));

    assertThat(schema.violations(json("{\"replicaCount\": 2, \"image\": {\"tag\": \"1\"}}")))
        .isEmpty();
  }

  @Test
  void eachViolationPointsAtTheFailingValue() {
    var schema = ValuesSchema.compile(json(SCHEMA));

    var violations = schema.violations(json("{\"replicaCount\": \"two\", \"image\": {}}"));

    assertThat(violations)
        .extracting(SchemaViolation::pointer)
        .containsExactly("/image/tag", "/replicaCount");
    assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
  }

  @Test
  void aSchemaThatBreaksItsMetaSchemaIsRefusedWithThePointerIntoIt() {
    assertThatThrownBy(
            () -> ValuesSchema.compile(json("{\"properties\": {\"a\": {\"type\": \"banana\"}}}")))
        .isInstanceOfSatisfying(
            InvalidSchemaException.class,
            e ->
                assertThat(e.violations())
                    .extracting(SchemaViolation::pointer)
                    .anyMatch(pointer -> pointer.startsWith("/properties/a")));
  }

  @Test
  void aSchemaMustBeAnObject() {
    assertThatThrownBy(() -> ValuesSchema.compile(json("[1, 2]")))
        .isInstanceOf(InvalidSchemaException.class);
  }

  @Test
  void remoteReferencesAreNeverFetched() {
    var schema =
        json(
            "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\":"
                + " \"http://127.0.0.1:9/remote.json\"}}}");

    assertThatThrownBy(() -> ValuesSchema.compile(schema))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("only local references are allowed");
  }

  @Test
  void localReferencesWork() {
    var schema =
        ValuesSchema.compile(
            json(
                "{\"$defs\": {\"port\": {\"type\": \"integer\"}},"
                    + " \"properties\": {\"port\": {\"$ref\": \"#/$defs/port\"}}}"));

    assertThat(schema.violations(json("{\"port\": \"x\"}")))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/port");
  }

  @Test
  void theDraftNamedBySchemaIsHonoured() {
    // draft-07 has no "dependentRequired": it is ignored there, enforced in 2020-12.
    var draft7 =
        ValuesSchema.compile(
            json(
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                    + " \"dependentRequired\": {\"a\": [\"b\"]}}"));
    var draft2020 = ValuesSchema.compile(json("{\"dependentRequired\": {\"a\": [\"b\"]}}"));

    assertThat(draft7.violations(json("{\"a\": 1}"))).isEmpty();
    assertThat(draft2020.violations(json("{\"a\": 1}"))).hasSize(1);
  }

  @Test
  void violationsLocatedInsideARequestMemberGetItsPrefix() {
    assertThat(new SchemaViolation("/a", "bad").under("/user_values"))
        .isEqualTo(new SchemaViolation("/user_values/a", "bad"));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
