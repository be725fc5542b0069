package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.DeploymentStatusHistory;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One row of a deployment's status history. */
public record StatusChangeRead(
    @Schema(example = "running", nullable = true) DeploymentStatus oldStatus,
    @Schema(example = "pending") DeploymentStatus newStatus,
    @Schema(
            example = "alice",
            nullable = true,
            description = "user name of whoever asked; null for the platform's own changes")
        String changedBy,
    @Schema(example = "scale") String reason,
    Instant changedAt) {

  static StatusChangeRead of(DeploymentStatusHistory row) {
    return new StatusChangeRead(
        row.oldStatus,
        row.newStatus,
        row.changedBy == null ? null : row.changedBy.username,
        row.reason,
        row.changedAt);
  }
}
