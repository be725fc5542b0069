package dev.kubedeploy.reconciler.kube;

import java.util.List;

/**
 * The workloads and pods of a release.
 *
 * @param desiredReplicas the sum of spec.replicas of its Deployments and StatefulSets
 * @param readyReplicas the sum of their status.readyReplicas
 */
public record ObservedRelease(
    List<ObservedReplica> replicas, int desiredReplicas, int readyReplicas) {

  public ObservedRelease {
    replicas = List.copyOf(replicas);
  }
}
