package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.job.ReconcileJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Suspends and resumes a deployment. While suspended the reconciler leaves the release alone (no
 * upgrade, no resync, no drift correction); desired changes are still accepted and stored, and the
 * resume queues the reconcile that applies them. Suspension is not a status: a suspended deployment
 * is still pending, running or failed, and shows {@code suspended_at}.
 */
@ApplicationScoped
public class DeploymentSuspension {

  /** The job reason when changes wait at resume; otherwise the resume only looks (a resync). */
  private static final String RESUME = "resume";

  private static final String RESYNC = "resync";

  private final EntityManager entityManager;
  private final DeploymentService deployments;
  private final DeploymentReads reads;

  DeploymentSuspension(
      EntityManager entityManager, DeploymentService deployments, DeploymentReads reads) {
    this.entityManager = entityManager;
    this.deployments = deployments;
    this.reads = reads;
  }

  /** Suspending a suspended deployment changes nothing. */
  @Transactional
  public DeploymentRead suspend(String uid, String ifMatch) {
    var deployment = deployments.lockForChange(uid, ifMatch);
    if (!deployment.isSuspended()) {
      deployment.suspendedAt = Instant.now();
      deployments.changeStatus(deployment, deployment.status, "suspend");
      entityManager.flush();
    }
    return reads.of(deployment);
  }

  /** Resuming a deployment that is not suspended changes nothing. */
  @Transactional
  public DeploymentRead resume(String uid, String ifMatch) {
    var deployment = deployments.lockForChange(uid, ifMatch);
    if (deployment.isSuspended()) {
      deployment.suspendedAt = null;
      deployments.changeStatus(deployment, deployment.status, "resume");
      entityManager.flush();
      ReconcileJob.enqueue(
          deployment.id,
          hasUnappliedChanges(deployment) ? RESUME : RESYNC,
          RequestTraceContext.current());
    }
    return reads.of(deployment);
  }

  private static boolean hasUnappliedChanges(Deployment deployment) {
    return deployment.appliedGeneration == null
        || deployment.appliedGeneration != deployment.generation;
  }
}
