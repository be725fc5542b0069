package dev.kubedeploy.model.values;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantity strings for the platform's units. */
public final class Quantities {

  private static final BigDecimal MILLIS = BigDecimal.valueOf(1000);

  private Quantities() {}

  /** {@code 0.5} cores as {@code 500m}, {@code 2} as {@code 2}; rounded up to a millicore. */
  public static String cpu(BigDecimal cores) {
    var millis = cores.multiply(MILLIS).setScale(0, RoundingMode.CEILING).longValue();
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /** {@code 512} megabytes as {@code 512Mi}. */
  public static String mebibytes(long megabytes) {
    return megabytes + "Mi";
  }

  /** {@code 10} gigabytes as {@code 10Gi}. */
  public static String gibibytes(long gigabytes) {
    return gigabytes + "Gi";
  }
}
