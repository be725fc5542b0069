package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A job this instance claimed, as the claim statement returned it.
 *
 * @param jobId the job
 * @param epoch this claim's number (from a sequence): the lease is (job, epoch)
 * @param deploymentId its deployment
 * @param ownerId the user who owns the deployment (whose share of the workers it takes)
 * @param reason why it was queued
 * @param attempt how many earlier attempts failed
 * @param dueAt when it became due: its enqueue, or the end of its backoff or resync spread
 * @param lockedAt when this claim took it (database clock)
 * @param upToDate the deployment already has its newest generation applied and the job asks for
 *     nothing else, so it finishes without running the step (see {@link JobClaimer})
 * @param healthTimeout how long the desired template lets helm wait for the release to be healthy
 * @param deploymentUid its deployment's uid (its namespace and release name)
 * @param tenantId the tenant the deployment belongs to
 * @param traceContext the W3C trace context of the request that queued the job ({@code
 *     traceparent}, {@code tracestate}), empty when it was not traced
 */
public record ClaimedJob(
    long jobId,
    long epoch,
    long deploymentId,
    long ownerId,
    String reason,
    int attempt,
    Instant dueAt,
    Instant lockedAt,
    boolean upToDate,
    Duration healthTimeout,
    String deploymentUid,
    long tenantId,
    Map<String, String> traceContext) {

  /**
   * Helm waits the health timeout at most three times in one attempt: to roll back a release left
   * pending, for the upgrade, and for the rollback of a failed upgrade. The attempt may take that
   * on top of the queue's job timeout, so that a valid template can always succeed; the lease is
   * kept meanwhile.
   */
  static final int HELM_WAITS_PER_ATTEMPT = 3;

  /** How long this attempt may run: the queue's job timeout plus every wait helm may make. */
  public Duration timeout(Duration jobTimeout) {
    return jobTimeout.plus(healthTimeout.multipliedBy(HELM_WAITS_PER_ATTEMPT));
  }

  /** The step's view of this job, held by {@code owner}. */
  public ReconcileRequest request(String owner) {
    return new ReconcileRequest(jobId, deploymentId, reason, attempt, owner, epoch);
  }
}
