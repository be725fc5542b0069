package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.model.deployment.DeploymentRevision;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import dev.kubedeploy.model.deployment.RevisionOutcome;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import dev.kubedeploy.reconciler.queue.FailureReason;
import dev.kubedeploy.reconciler.queue.JobReason;
import dev.kubedeploy.reconciler.queue.LeaseFence;
import dev.kubedeploy.reconciler.queue.ReconcileRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes what a reconcile found, each write one short transaction behind the lease fence, with the
 * deployment row locked so that the API's concurrent desired change is either fully before or fully
 * after it.
 *
 * <p>The race this guards: the API may bump {@code generation} (and set {@code pending}) while Helm
 * runs. The facts of what was applied ({@code applied_*}, replicas) are always recorded, but the
 * status is set only while the generation is still the one the reconcile read, so a newer desired
 * change's {@code pending} is never overwritten.
 */
@ApplicationScoped
public class StatusWriter {

  private static final Set<DeploymentStatus> DELETION =
      EnumSet.of(DeploymentStatus.DELETING, DeploymentStatus.DELETED);

  private final LeaseFence fence;

  StatusWriter(LeaseFence fence) {
    this.fence = fence;
  }

  /** {@code pending} becomes {@code reconciling} when work on that generation starts. */
  @Transactional
  public void startReconciling(ReconcileRequest request, DesiredDeployment desired) {
    fence.assertHeld(request);
    var row = lock(desired);
    if (row.status == DeploymentStatus.PENDING && row.generation == desired.generation()) {
      changeStatus(
          row,
          DeploymentStatus.RECONCILING,
          StatusReasons.PROGRESSING,
          "reconciling generation " + desired.generation() + " (" + request.reason() + ")");
    }
  }

  /**
   * The release runs the desired generation: applied facts, observed replicas, status {@code
   * running} or {@code stopped}, {@code last_error} cleared. {@code notes} (drift corrected, a
   * stuck release recovered) go into the history.
   */
  @Transactional
  public void recordApplied(
      ReconcileRequest request,
      DesiredDeployment desired,
      ObservedRelease observed,
      List<String> notes) {
    fence.assertHeld(request);
    var row = lock(desired);
    row.appliedTemplate =
        ProductTemplateVersion.getEntityManager()
            .getReference(ProductTemplateVersion.class, desired.template().id());
    row.appliedGeneration = desired.generation();
    row.lastReconcileAt = Instant.now();
    row.lastError = null;
    if (!desired.isApplied()) {
      // a resync of an applied generation finds its revision applied and older ones settled
      recordOutcome(row, desired.generation(), RevisionOutcome.APPLIED);
    }
    ReplicaRows.replace(row, observed);
    var reason =
        "generation "
            + desired.generation()
            + " of template "
            + desired.template().versionLabel()
            + " applied, "
            + observed.readyReplicas()
            + "/"
            + observed.desiredReplicas()
            + " replicas ready";
    var newStatus =
        desired.targetReplicas() == 0 ? DeploymentStatus.STOPPED : DeploymentStatus.RUNNING;
    var notesText = String.join("; ", notes);
    // a degraded release stays degraded: only the health check, which watches its pods, knows
    // when it is healthy again
    var settled =
        row.status == newStatus
            || (row.status == DeploymentStatus.DEGRADED && newStatus == DeploymentStatus.RUNNING);
    if (isCurrent(row, desired) && !settled) {
      changeStatus(
          row,
          newStatus,
          newStatus == DeploymentStatus.STOPPED
              ? StatusReasons.SCALED_TO_ZERO
              : StatusReasons.RECONCILIATION_SUCCEEDED,
          notes.isEmpty() ? reason : reason + "; " + notesText);
    } else if (!notes.isEmpty()) {
      // nothing changed status, but what was found outside the platform is reported all the same
      DeploymentStatusHistory.of(row, row.status, row.status, null, notesText).persist();
    }
  }

  /**
   * An install or upgrade did not become healthy and Helm rolled it back (or removed a first
   * install): the applied facts stay as they were, the status says the change failed.
   */
  @Transactional
  public void recordFailedRollout(
      ReconcileRequest request, DesiredDeployment desired, String message) {
    fence.assertHeld(request);
    var row = lock(desired);
    row.lastError = message;
    row.lastReconcileAt = Instant.now();
    recordOutcome(row, desired.generation(), RevisionOutcome.FAILED);
    // A resync asked for no change: its failure shows as the error, the status stays.
    if (isCurrent(row, desired)
        && row.status != DeploymentStatus.FAILED
        && !JobReason.RESYNC.equals(request.reason())) {
      changeStatus(row, DeploymentStatus.FAILED, FailureReason.of(message), message);
    }
  }

  /** The release and namespace are gone: the row is soft-deleted and keeps its history. */
  @Transactional
  public void markDeleted(ReconcileRequest request, DesiredDeployment desired, String reason) {
    fence.assertHeld(request);
    var row = lock(desired);
    if (row.status != DeploymentStatus.DELETING) {
      return;
    }
    var now = Instant.now();
    row.deletedAt = now;
    row.lastReconcileAt = now;
    row.lastError = null;
    DeploymentReplica.delete("deployment", row);
    DeploymentClusterEvent.delete("deployment", row);
    changeStatus(row, DeploymentStatus.DELETED, StatusReasons.UNINSTALLED, reason);
  }

  private static Deployment lock(DesiredDeployment desired) {
    return Deployment.findById(desired.id(), LockModeType.PESSIMISTIC_WRITE);
  }

  /** Whether the row still wants what the reconcile applied, and is not being deleted. */
  private static boolean isCurrent(Deployment row, DesiredDeployment desired) {
    return row.generation == desired.generation() && !DELETION.contains(row.status);
  }

  /** A status change: its history row, and the reason code and words the conditions show. */
  static void changeStatus(Deployment row, DeploymentStatus to, String code, String reason) {
    DeploymentStatusHistory.of(row, row.status, to, null, reason).persist();
    row.status = to;
    row.statusReason = code;
    row.statusMessage = StatusReasons.bounded(reason);
    row.statusChangedAt = Instant.now();
    row.observedGeneration = row.generation;
  }

  /**
   * The revision of {@code generation} is applied, or failed unless it was applied before (a failed
   * correction of an applied generation does not unmake it). Applying a generation supersedes the
   * older ones still pending: the reconciler always applies the newest, so they never will be.
   */
  private static void recordOutcome(Deployment row, long generation, RevisionOutcome outcome) {
    var now = Instant.now();
    var from =
        outcome == RevisionOutcome.APPLIED
            ? EnumSet.of(RevisionOutcome.PENDING, RevisionOutcome.FAILED)
            : EnumSet.of(RevisionOutcome.PENDING);
    DeploymentRevision.update(
        "outcome = ?1, outcomeAt = ?2 where deployment = ?3 and generation = ?4 and outcome in ?5",
        outcome,
        now,
        row,
        generation,
        from);
    if (outcome == RevisionOutcome.APPLIED) {
      DeploymentRevision.update(
          "outcome = ?1, outcomeAt = ?2 where deployment = ?3 and generation < ?4"
              + " and outcome = ?5",
          RevisionOutcome.SUPERSEDED,
          now,
          row,
          generation,
          RevisionOutcome.PENDING);
    }
  }
}
