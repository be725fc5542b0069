package dev.kubedeploy.reconciler.queue;

/**
 * The work the queue runs for a claimed job: make the cluster match the newest desired state of the
 * deployment and record what it observed. It runs outside any transaction of the queue's and may
 * take minutes; the queue heartbeats the job's lease meanwhile.
 *
 * <p>Throwing means the attempt failed: a {@link PermanentReconcileException} ends the job at once,
 * anything else is retried with backoff. Before writing its result the step calls {@link
 * LeaseFence#assertHeld} in the same transaction, so that a worker whose lease was taken over
 * cannot write over the new owner's result.
 */
public interface ReconcileStep {

  void reconcile(ReconcileRequest request) throws Exception;
}
