package dev.kubedeploy.harness.admission;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A resource quantity ({@code 100m}, {@code 1.5}, {@code 64Mi}, {@code 2G}, {@code 1e3}) as exact
 * decimal arithmetic, printed back in the API's canonical form ({@code 1000m} is {@code 1}, {@code
 * 1024Mi} is {@code 1Gi}).
 *
 * @param binary whether it prints with binary suffixes (Ki, Mi, ...), as the quantity it came from
 *     did
 */
public record Quantity(BigDecimal value, boolean binary) implements Comparable<Quantity> {

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, false);

  private static final Map<String, Integer> BINARY =
      Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final Map<String, Integer> DECIMAL =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Pattern EXPONENT = Pattern.compile("[+-]?[0-9.]+[eE][-+]?[0-9]+");
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  public static Quantity parse(String text) {
    var trimmed = text.trim();
    try {
      if (EXPONENT.matcher(trimmed).matches()) {
        return new Quantity(new BigDecimal(trimmed), false);
      }
      var end = trimmed.length();
      while (end > 0 && Character.isLetter(trimmed.charAt(end - 1))) {
        end--;
      }
      var number = new BigDecimal(trimmed.substring(0, end));
      var suffix = trimmed.substring(end);
      if (BINARY.containsKey(suffix)) {
        return new Quantity(
            number.multiply(new BigDecimal(BigInteger.TWO.pow(BINARY.get(suffix)))), true);
      }
      if (DECIMAL.containsKey(suffix)) {
        return new Quantity(number.scaleByPowerOfTen(DECIMAL.get(suffix)), false);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "quantities must match the regular expression"
            + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "
            + text);
  }

  public Quantity plus(Quantity other) {
    return new Quantity(value.add(other.value), binary || (value.signum() == 0 && other.binary));
  }

  public Quantity minus(Quantity other) {
    return new Quantity(value.subtract(other.value), binary);
  }

  public Quantity max(Quantity other) {
    return compareTo(other) >= 0 ? this : new Quantity(other.value, binary || other.binary);
  }

  public Quantity inFormatOf(Quantity other) {
    return new Quantity(value, other.binary);
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  /** The value in thousandths, rounded up, as the API's {@code MilliValue} is. */
  public long milliValue() {
    return value.scaleByPowerOfTen(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    if (value.signum() == 0) {
      return "0";
    }
    if (binary && value.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && isInteger(value)) {
      var integer = value.toBigIntegerExact();
      var power = 0;
      var divisor = BigInteger.valueOf(1024);
      while (power < BINARY_SUFFIXES.length - 1 && integer.mod(divisor).signum() == 0) {
        integer = integer.divide(divisor);
        power++;
      }
      return integer + BINARY_SUFFIXES[power];
    }
    var stripped = value.stripTrailingZeros();
    var exponent = -stripped.scale();
    var chosen = Math.floorDiv(exponent, 3) * 3;
    chosen = Math.max(-9, Math.min(18, chosen));
    var mantissa = stripped.scaleByPowerOfTen(-chosen).setScale(0, RoundingMode.CEILING);
    return mantissa.toBigInteger() + decimalSuffix(chosen);
  }

  private static String decimalSuffix(int exponent) {
    for (var entry : DECIMAL.entrySet()) {
      if (entry.getValue() == exponent) {
        return entry.getKey();
      }
    }
    return "";
  }

  private static boolean isInteger(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }
}
