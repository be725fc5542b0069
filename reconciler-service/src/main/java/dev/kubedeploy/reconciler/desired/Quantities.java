package dev.kubedeploy.reconciler.desired;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantity strings for the platform's units. */
final class Quantities {

  private static final BigDecimal MILLIS = BigDecimal.valueOf(1000);

  private Quantities() {}

  /** {@code 0.5} cores as {@code 500m}, {@code 2} as {@code 2}. */
  static String cpu(BigDecimal cores) {
    var millis = cores.multiply(MILLIS).setScale(0, RoundingMode.CEILING).longValue();
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  static String mebibytes(long megabytes) {
    return megabytes + "Mi";
  }

  static String gibibytes(long gigabytes) {
    return gigabytes + "Gi";
  }
}
