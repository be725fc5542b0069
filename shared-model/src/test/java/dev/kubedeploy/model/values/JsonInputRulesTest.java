package dev.kubedeploy.model.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void ordinaryValuesPass() {
    var values =
        json(
            "{\"image\": {\"tag\": \"1.0\"}, \"replicas\": 3, \"ratio\": 0.25, \"big\":"
                + " 9223372036854775807, \"list\": [\"a b\", true, null], \"prometheus.io/scrape\":"
                + " \"true\", \"grüße\": \"ß\"}");

    assertThat(JsonInputRules.violations(values)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "del\u007f", "c1\u0085"})
  void aStringWithAControlCharacterIsReportedAtItsPointer(String text) {
    var values = NODES.objectNode();
    values.putObject("config").putArray("lines").add("fine").add(text);

    assertThat(JsonInputRules.violations(values))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/config/lines/1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\nb", "zero\u200bwidth", "bidi\u202e", "nbsp\u00a0", "\ue000"})
  void aKeyThatIsNotPrintableIsReportedAtItsPointer(String key) {
    var values = NODES.objectNode();
    values.putObject("config").put(key, "x");

    assertThat(JsonInputRules.violations(values))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/config/" + key);
  }

  @Test
  void numbersThatGoCannotHoldAreReported() {
    var values = NODES.objectNode();
    values.put("infinite", Double.POSITIVE_INFINITY);
    values.put("nan", Double.NaN);
    values.put("huge", new BigInteger("92233720368547758080"));
    values.put("tooBigDecimal", new BigDecimal("1e400"));
    values.put("fine", new BigDecimal("1.5e300"));

    assertThat(JsonInputRules.violations(values))
        .extracting(SchemaViolation::pointer)
        .containsExactlyInAnyOrder("/infinite", "/nan", "/huge", "/tooBigDecimal");
  }

  @Test
  void theNumberRuleAloneLeavesTextAlone() {
    var schema = json("{\"description\": \"two\\nlines\", \"maximum\": 1}");
    schema.withObject("/x").put("minimum", Double.NEGATIVE_INFINITY);

    assertThat(JsonInputRules.numberViolations(schema))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/x/minimum");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
