package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Replicas wanted and seen.
 *
 * @param desired the target replica count
 * @param ready pods the reconciler last saw running
 */
public record ObservedReplicas(
    @Schema(example = "2") int desired, @Schema(example = "2") int ready, List<ReplicaRead> pods) {

  static ObservedReplicas of(int desired, List<ReplicaRead> pods) {
    var ready = (int) pods.stream().filter(p -> p.status() == ReplicaStatus.RUNNING).count();
    return new ObservedReplicas(desired, ready, pods);
  }
}
