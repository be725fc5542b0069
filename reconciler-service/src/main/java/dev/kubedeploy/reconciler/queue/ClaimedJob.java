package dev.kubedeploy.reconciler.queue;

import java.time.Instant;

/**
 * A job this instance claimed, as the claim statement returned it.
 *
 * @param jobId the job
 * @param epoch this claim's number (from a sequence): the lease is (job, epoch)
 * @param deploymentId its deployment
 * @param reason why it was queued
 * @param attempt how many earlier attempts failed
 * @param dueAt when it became due: its enqueue, or the end of its backoff or resync spread
 * @param lockedAt when this claim took it (database clock)
 * @param upToDate the deployment already has its newest generation applied and the job asks for
 *     nothing else, so it finishes without running the step (see {@link JobClaimer})
 */
public record ClaimedJob(
    long jobId,
    long epoch,
    long deploymentId,
    String reason,
    int attempt,
    Instant dueAt,
    Instant lockedAt,
    boolean upToDate) {

  /** The step's view of this job, held by {@code owner}. */
  public ReconcileRequest request(String owner) {
    return new ReconcileRequest(jobId, deploymentId, reason, attempt, owner, epoch);
  }
}
