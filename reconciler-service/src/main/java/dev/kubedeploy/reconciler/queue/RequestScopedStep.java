package dev.kubedeploy.reconciler.queue;

import io.quarkus.arc.Arc;

/**
 * Runs the step inside a request context of its own, as CDI beans and Panache expect: the queue's
 * worker threads are plain threads, not requests.
 */
final class RequestScopedStep implements ReconcileStep {

  private final ReconcileStep delegate;

  RequestScopedStep(ReconcileStep delegate) {
    this.delegate = delegate;
  }

  @Override
  public void reconcile(ReconcileRequest request) throws Exception {
    var context = Arc.container().requestContext();
    context.activate();
    try {
      delegate.reconcile(request);
    } finally {
      context.terminate();
    }
  }
}
