package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.queue.DeferredReconcileException;

/**
 * The release has a pending operation that a helm process may still be running: not an error of the
 * deployment, only a reason to try again later.
 */
public class ReleaseBusyException extends DeferredReconcileException {

  public ReleaseBusyException(String message) {
    super(message);
  }
}
