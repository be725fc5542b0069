package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import java.time.Instant;

/**
 * The deployment's replica rows, replaced by what was just observed, in the caller's transaction.
 */
final class ReplicaRows {

  private ReplicaRows() {}

  static void replace(Deployment row, ObservedRelease observed) {
    DeploymentReplica.delete("deployment", row);
    var now = Instant.now();
    for (var replica : observed.replicas()) {
      var entity = new DeploymentReplica();
      entity.deployment = row;
      entity.podName = replica.podName();
      entity.nodeName = replica.nodeName();
      entity.containerId = replica.containerId();
      entity.status = replica.status();
      entity.startedAt = replica.startedAt();
      entity.observedAt = now;
      entity.persist();
    }
  }
}
