package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JSON document given to the platform may hold, whatever its schema says: values end up in
 * YAML rendered by templates and in Go's number types, so some text and numbers never reach a
 * chart.
 *
 * <ul>
 *   <li>Keys are printable: not empty, and no control, format (zero-width, bidi), separator other
 *       than the space, private-use or unassigned characters.
 *   <li>Strings hold no control characters (U+0000-U+001F, U+007F-U+009F), not even a line break.
 *   <li>Numbers fit: integers between -2^63 and 2^63-1, other numbers finite doubles.
 * </ul>
 */
public final class JsonInputRules {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);

  private JsonInputRules() {}

  /** Where and why {@code document} breaks the rules, pointers relative to it; empty when not. */
  public static List<SchemaViolation> violations(JsonNode document) {
    var violations = new ArrayList<SchemaViolation>();
    check(document, "", violations, true);
    return violations;
  }

  /** Only the number rule: for documents whose text is free, such as JSON Schemas. */
  public static List<SchemaViolation> numberViolations(JsonNode document) {
    var violations = new ArrayList<SchemaViolation>();
    check(document, "", violations, false);
    return violations;
  }

  private static void check(
      JsonNode node, String pointer, List<SchemaViolation> violations, boolean text) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (var entry : node.properties()) {
        var child = pointer + "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
        if (text && !isPrintableKey(entry.getKey())) {
          violations.add(
              new SchemaViolation(
                  child, "key is not printable: control, format or separator characters"));
        }
        check(entry.getValue(), child, violations, text);
      }
    } else if (node.isArray()) {
      for (var i = 0; i < node.size(); i++) {
        check(node.get(i), pointer + "/" + i, violations, text);
      }
    } else if (node.isTextual()) {
      if (text && hasControlCharacter(node.textValue())) {
        violations.add(new SchemaViolation(pointer, "contains a control character"));
      }
    } else if (node.isNumber() && !fits(node)) {
      violations.add(
          new SchemaViolation(
              pointer,
              "number does not fit: integers must lie within -2^63..2^63-1, other numbers must be"
                  + " finite doubles"));
    }
  }

  /** Whether a number survives Helm and Go: a 64-bit integer or a finite double. */
  private static boolean fits(JsonNode number) {
    if (number.isIntegralNumber()) {
      var value = number.bigIntegerValue();
      return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }
    if (number.isBigDecimal()) {
      return number.decimalValue().abs().compareTo(DOUBLE_MAX) <= 0;
    }
    return Double.isFinite(number.doubleValue());
  }

  private static boolean hasControlCharacter(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }

  private static boolean isPrintableKey(String key) {
    return !key.isEmpty() && key.codePoints().allMatch(JsonInputRules::isPrintable);
  }

  private static boolean isPrintable(int codePoint) {
    if (codePoint == ' ') {
      return true;
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
