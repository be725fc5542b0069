package dev.kubedeploy.reconciler.queue;

/**
 * One claimed job as the step sees it.
 *
 * @param jobId the claimed job
 * @param deploymentId the deployment to reconcile (read its newest desired state, not a copy)
 * @param reason why the job was queued (create, update, scale, upgrade, delete, resync, retry...)
 * @param attempt how many earlier attempts of this job failed
 * @param owner the instance holding the lease, as written to {@code locked_by}
 * @param claimEpoch the claim this run belongs to: the lease is (job, epoch), so that a stale run
 *     of the same job, even by the same instance, cannot write as the current one
 */
public record ReconcileRequest(
    long jobId, long deploymentId, String reason, int attempt, String owner, long claimEpoch) {}
