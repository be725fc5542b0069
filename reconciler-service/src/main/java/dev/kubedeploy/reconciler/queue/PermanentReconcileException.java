package dev.kubedeploy.reconciler.queue;

/**
 * A failure that retrying cannot fix (a bad chart reference, a digest mismatch, values that violate
 * the schema, a chart that does not render): the job is dead at once and the deployment {@code
 * failed}, until someone changes it or asks for a retry.
 */
public class PermanentReconcileException extends RuntimeException implements StepFailure {

  public PermanentReconcileException(String message) {
    super(message);
  }

  public PermanentReconcileException(String message, Throwable cause) {
    super(message, cause);
  }
}
