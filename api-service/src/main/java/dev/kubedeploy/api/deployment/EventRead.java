package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Something that happened to a deployment, shaped like a Kubernetes Event: from the platform's
 * status history (source {@code kubedeploy}).
 */
public record EventRead(
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"Normal", "Warning"})
        String type,
    @Schema(example = "Degraded", description = "a stable code, listed in docs/api.md")
        String reason,
    @Schema(example = "0/2 replicas ready; CrashLoopBackOff: wiki-alice-4k2j9x-7d9f-x2")
        String message,
    @Schema(example = "kubedeploy") String source,
    @Schema(example = "degraded", nullable = true) DeploymentStatus status,
    @Schema(example = "alice", nullable = true) String changedBy,
    Instant time) {

  static final String SOURCE = "kubedeploy";

  /** A status change as an event: its reason code says what happened, its type how bad it is. */
  static EventRead of(StatusChangeRead change) {
    var warning =
        change.newStatus() == DeploymentStatus.FAILED
            || change.newStatus() == DeploymentStatus.DEGRADED;
    return new EventRead(
        warning ? "Warning" : "Normal",
        reason(change),
        change.reason(),
        SOURCE,
        change.newStatus(),
        change.changedBy(),
        change.changedAt());
  }

  private static String reason(StatusChangeRead change) {
    return switch (change.newStatus()) {
      case PENDING -> change.oldStatus() == null ? "Created" : "ChangeRequested";
      case RECONCILING -> "Progressing";
      case RUNNING ->
          change.oldStatus() == DeploymentStatus.DEGRADED ? "Recovered" : "ReconciliationSucceeded";
      case DEGRADED -> "Degraded";
      case STOPPED -> "ScaledToZero";
      case FAILED -> "ReconcileFailed";
      case DELETING -> "DeleteRequested";
      case DELETED -> "Uninstalled";
    };
  }
}
