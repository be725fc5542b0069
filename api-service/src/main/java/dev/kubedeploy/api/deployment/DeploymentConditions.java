package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The conditions {@code Ready}, {@code Reconciling} and {@code Stalled} of a deployment, derived
 * from its status and the reason the reconciler (or the health check) recorded with it. All three
 * are always present; each carries the reason and message of the status change that set it.
 */
final class DeploymentConditions {

  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  static final String PROGRESSING = "Progressing";
  static final String RETRY_SCHEDULED = "RetryScheduled";
  static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  static final String SCALED_TO_ZERO = "ScaledToZero";
  static final String RECONCILE_FAILED = "ReconcileFailed";
  static final String DEGRADED = "Degraded";
  static final String DELETING = "Deleting";
  static final String DELETED = "Deleted";

  private DeploymentConditions() {}

  /**
   * @param retrying whether a failed attempt waits for its retry (then {@code Reconciling} says so
   *     with the error)
   */
  static List<ConditionRead> of(Deployment d, boolean retrying) {
    var generation = d.observedGeneration != null ? d.observedGeneration : d.appliedGeneration;
    var since = d.statusChangedAt != null ? d.statusChangedAt : d.updatedAt;
    var recorded = Objects.requireNonNullElse(d.statusReason, "");
    var message = d.statusMessage;
    return switch (d.status) {
      case PENDING, RECONCILING, DELETING -> {
        var working = d.status == DeploymentStatus.DELETING ? DELETING : PROGRESSING;
        var reason = retrying ? RETRY_SCHEDULED : working;
        var words = retrying ? d.lastError : message;
        yield List.of(
            condition(READY, false, working, words, generation, since),
            condition(RECONCILING, true, reason, words, generation, since),
            condition(STALLED, false, reason, words, generation, since));
      }
      case RUNNING, STOPPED -> {
        var fallback =
            d.status == DeploymentStatus.STOPPED ? SCALED_TO_ZERO : RECONCILIATION_SUCCEEDED;
        var reason = recorded.isEmpty() ? fallback : recorded;
        yield List.of(
            condition(READY, true, reason, message, generation, since),
            condition(RECONCILING, false, reason, message, generation, since),
            condition(STALLED, false, reason, message, generation, since));
      }
      case DEGRADED -> {
        var reason = recorded.isEmpty() ? DEGRADED : recorded;
        yield List.of(
            condition(READY, false, reason, message, generation, since),
            condition(RECONCILING, false, reason, message, generation, since),
            condition(STALLED, false, reason, message, generation, since));
      }
      case FAILED -> {
        var reason = recorded.isEmpty() ? RECONCILE_FAILED : recorded;
        var words = message != null ? message : d.lastError;
        yield List.of(
            condition(READY, false, reason, words, generation, since),
            condition(RECONCILING, false, reason, words, generation, since),
            condition(STALLED, true, reason, words, generation, since));
      }
      case DELETED ->
          List.of(
              condition(READY, false, DELETED, message, generation, since),
              condition(RECONCILING, false, DELETED, message, generation, since),
              condition(STALLED, false, DELETED, message, generation, since));
    };
  }

  private static ConditionRead condition(
      String type, boolean status, String reason, String message, Long generation, Instant since) {
    return new ConditionRead(type, status ? "True" : "False", reason, message, generation, since);
  }
}
