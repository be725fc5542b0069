package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentReplica;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The deployment's replica rows, updated to what was just observed, in the caller's transaction.
 */
final class ReplicaRows {

  /** Pods that went away stay visible, the newest this many, so that the rows stay bounded. */
  static final int STOPPED_REPLICAS_KEPT = 20;

  private ReplicaRows() {}

  /**
   * The observed pods replace the running ones; a pod seen before and gone now stays as {@code
   * stopped} with the time it was found gone, and comes back to life if its name returns (a
   * StatefulSet's pod).
   */
  static void replace(Deployment row, ObservedRelease observed) {
    var now = Instant.now();
    var known =
        DeploymentReplica.<DeploymentReplica>list("deployment", row).stream()
            .collect(Collectors.toMap(r -> r.podName, Function.identity()));
    for (var replica : observed.replicas()) {
      var entity = known.remove(replica.podName());
      if (entity == null) {
        entity = new DeploymentReplica();
        entity.deployment = row;
        entity.podName = replica.podName();
      }
      entity.nodeName = replica.nodeName();
      entity.containerId = replica.containerId();
      entity.status = replica.status();
      entity.startedAt = replica.startedAt();
      entity.stoppedAt = null;
      entity.observedAt = now;
      entity.persist();
    }
    var stopped = false;
    for (var gone : known.values()) {
      if (gone.stoppedAt == null) {
        gone.status = ReplicaStatus.STOPPED;
        gone.stoppedAt = now;
        gone.observedAt = now;
        stopped = true;
      }
    }
    if (!stopped) {
      // only a pod stopped just now can take the stopped rows past the bound
      return;
    }
    DeploymentReplica.getEntityManager().flush();
    DeploymentReplica.getEntityManager()
        .createNativeQuery(
            """
            DELETE FROM deployment_replica WHERE id IN (
              SELECT id FROM deployment_replica WHERE deployment_id = ?1 AND stopped_at IS NOT NULL
               ORDER BY stopped_at DESC, id DESC OFFSET ?2)
            """)
        .setParameter(1, row.id)
        .setParameter(2, STOPPED_REPLICAS_KEPT)
        .executeUpdate();
  }
}
