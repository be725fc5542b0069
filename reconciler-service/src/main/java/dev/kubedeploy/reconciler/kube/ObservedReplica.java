package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.time.Instant;

/**
 * One pod of a release as the cluster reports it.
 *
 * @param problem why the pod fails, in Kubernetes' words ({@code CrashLoopBackOff}, {@code
 *     ImagePullBackOff}, {@code PodFailed}), or null when it does not
 * @param problemMessage Kubernetes' explanation of the problem, or null
 */
public record ObservedReplica(
    String podName,
    String nodeName,
    String containerId,
    ReplicaStatus status,
    Instant startedAt,
    String problem,
    String problemMessage) {

  public ObservedReplica(
      String podName,
      String nodeName,
      String containerId,
      ReplicaStatus status,
      Instant startedAt) {
    this(podName, nodeName, containerId, status, startedAt, null, null);
  }
}
