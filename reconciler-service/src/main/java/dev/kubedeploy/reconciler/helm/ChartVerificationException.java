package dev.kubedeploy.reconciler.helm;

/**
 * The chart a template names cannot be used as is: a malformed reference, a chart or version the
 * source does not have, or content whose digest is not the one the template pins.
 */
public class ChartVerificationException extends RuntimeException {

  public ChartVerificationException(String message) {
    super(message);
  }

  public ChartVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
