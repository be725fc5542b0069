package dev.kubedeploy.reconciler.queue;

/**
 * The step found its work not ready to run yet (a release still busy with a helm that may be
 * running elsewhere): nothing failed, so the job waits a backoff delay without using an attempt,
 * and the deployment keeps its status.
 */
public class DeferredReconcileException extends RuntimeException implements StepFailure {

  public DeferredReconcileException(String message) {
    super(message);
  }
}
