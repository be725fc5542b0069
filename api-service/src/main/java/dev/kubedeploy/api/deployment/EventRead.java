package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.ClusterEventType;
import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Something that happened to a deployment, shaped like a Kubernetes Event: a change of the
 * platform's status history (source {@code platform}, reported on the deployment's namespace) or an
 * Event of the cluster in the deployment's namespace (source {@code cluster}).
 */
public record EventRead(
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"Normal", "Warning"})
        String type,
    @Schema(
            example = "BackOff",
            description =
                "platform events: a stable code, listed in docs/api.md; cluster events: the"
                    + " reporting component's own reason")
        String reason,
    @Schema(example = "Back-off restarting failed container web in pod wiki-7d9f-x2_ns(uid)")
        String message,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"platform", "cluster"})
        EventSource source,
    @Schema(description = "the object the event is about") InvolvedObject object,
    @Schema(example = "3", description = "how often it happened; 1 for platform events") int count,
    @Schema(
            example = "degraded",
            nullable = true,
            description = "platform events: the status the deployment moved to")
        DeploymentStatus status,
    @Schema(example = "alice", nullable = true) String changedBy,
    @Schema(description = "when it happened, or last happened for a repeated cluster event")
        Instant time) {

  /** The object an event is about, as Kubernetes names it. */
  public record InvolvedObject(
      @Schema(example = "Pod") String kind, @Schema(example = "wiki-7d9f-x2") String name) {}

  /** A status change as an event: its reason code says what happened, its type how bad it is. */
  static EventRead of(DeploymentStatusHistory row, String namespace) {
    var change = StatusChangeRead.of(row);
    var warning =
        change.newStatus() == DeploymentStatus.FAILED
            || change.newStatus() == DeploymentStatus.DEGRADED;
    return new EventRead(
        warning ? "Warning" : "Normal",
        reason(change),
        change.reason(),
        EventSource.PLATFORM,
        new InvolvedObject("Namespace", namespace),
        1,
        change.newStatus(),
        change.changedBy(),
        change.changedAt());
  }

  /** An Event of the deployment's namespace, as the reconciler mirrored it. */
  static EventRead of(DeploymentClusterEvent row) {
    return new EventRead(
        row.type == ClusterEventType.WARNING ? "Warning" : "Normal",
        row.reason,
        row.message,
        EventSource.CLUSTER,
        new InvolvedObject(row.involvedKind, row.involvedName),
        row.count,
        null,
        null,
        row.lastSeen);
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
