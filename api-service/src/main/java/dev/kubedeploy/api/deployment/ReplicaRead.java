package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One pod as the reconciler last observed it. */
public record ReplicaRead(
    @Schema(example = "wiki-alice-4k2j9x-7d9f8b6c5-x2x9q") String podName,
    @Schema(example = "node-1") String nodeName,
    String containerId,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"pending", "starting", "running", "stopping", "stopped", "failed"})
        ReplicaStatus status,
    Instant startedAt,
    Instant stoppedAt,
    Instant observedAt) {

  static ReplicaRead of(DeploymentReplica replica) {
    return new ReplicaRead(
        replica.podName,
        replica.nodeName,
        replica.containerId,
        replica.status,
        replica.startedAt,
        replica.stoppedAt,
        replica.observedAt);
  }
}
