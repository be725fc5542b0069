package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.queue.StepFailure;

/**
 * A reconcile attempt failed in a way a later attempt may not: the queue retries it with backoff.
 * The message names the step and carries the underlying (usually Helm's) message.
 */
public class ReconcileStepException extends RuntimeException implements StepFailure {

  public ReconcileStepException(String message, Throwable cause) {
    super(message, cause);
  }
}
