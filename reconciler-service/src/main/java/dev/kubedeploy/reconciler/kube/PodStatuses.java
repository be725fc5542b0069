package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps what Kubernetes says about a pod onto the platform's replica statuses. */
public final class PodStatuses {

  /** Waiting reasons that do not fix themselves: the pod is failing, not starting. */
  private static final Set<String> FAILING_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private PodStatuses() {}

  public static ObservedReplica observe(Pod pod) {
    var status = pod.getStatus();
    var containers =
        status == null || status.getContainerStatuses() == null
            ? List.<ContainerStatus>of()
            : status.getContainerStatuses();
    var containerId =
        containers.stream()
            .map(ContainerStatus::getContainerID)
            .filter(id -> id != null && !id.isBlank())
            .findFirst()
            .orElse(null);
    var startedAt =
        Optional.ofNullable(status)
            .map(s -> s.getStartTime())
            .filter(time -> !time.isBlank())
            .map(Instant::parse)
            .orElse(null);
    var failing = containers.stream().filter(PodStatuses::isFailing).findFirst();
    var failed = status != null && "Failed".equals(status.getPhase());
    return new ObservedReplica(
        pod.getMetadata().getName(),
        pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
        containerId,
        statusOf(pod, containers),
        startedAt,
        failing.map(c -> c.getState().getWaiting().getReason()).orElse(failed ? "PodFailed" : null),
        failing
            .map(c -> c.getState().getWaiting().getMessage())
            .orElse(failed ? status.getMessage() : null));
  }

  static ReplicaStatus statusOf(Pod pod, List<ContainerStatus> containers) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return ReplicaStatus.STOPPING;
    }
    var phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase)) {
      return ReplicaStatus.STOPPED;
    }
    if ("Failed".equals(phase) || containers.stream().anyMatch(PodStatuses::isFailing)) {
      return ReplicaStatus.FAILED;
    }
    if ("Running".equals(phase)) {
      return isReady(pod) ? ReplicaStatus.RUNNING : ReplicaStatus.STARTING;
    }
    var scheduled = pod.getSpec() != null && pod.getSpec().getNodeName() != null;
    return scheduled ? ReplicaStatus.STARTING : ReplicaStatus.PENDING;
  }

  private static boolean isFailing(ContainerStatus container) {
    return container.getState() != null
        && container.getState().getWaiting() != null
        && FAILING_REASONS.contains(container.getState().getWaiting().getReason());
  }

  private static boolean isReady(Pod pod) {
    var conditions = pod.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(
                condition ->
                    "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
  }
}
