package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Whether a live release is healthy, judged from its workloads and pods alone (no helm): degraded
 * when a pod fails (crash loop, image pull error, failed phase) or fewer replicas are ready than
 * its workloads want.
 *
 * @param reason a stable code: the failing pods' Kubernetes reason ({@code CrashLoopBackOff},
 *     {@code ImagePullBackOff}, {@code PodFailed}, ...) or {@code ReplicasNotReady}; null when
 *     healthy
 * @param message what is wrong, with Kubernetes' own words, bounded; null when healthy
 * @param affectedPods the failing pods, or the unready ones
 */
public record ReleaseHealth(String reason, String message, List<String> affectedPods) {

  public static final String REPLICAS_NOT_READY = "ReplicasNotReady";

  /** Messages are for people; a release with hundreds of pods names a few. */
  static final int MAX_PODS_NAMED = 5;

  static final int MAX_MESSAGE_LENGTH = 1000;

  public static final ReleaseHealth HEALTHY = new ReleaseHealth(null, null, List.of());

  public ReleaseHealth {
    affectedPods = List.copyOf(affectedPods);
  }

  public boolean healthy() {
    return reason == null;
  }

  /** Whether only readiness is missing: a rollout or restart may still fix that by itself. */
  public boolean onlyNotReady() {
    return REPLICAS_NOT_READY.equals(reason);
  }

  public static ReleaseHealth of(ObservedRelease release) {
    var failing = release.replicas().stream().filter(r -> r.problem() != null).toList();
    var readiness = release.readyReplicas() + "/" + release.desiredReplicas() + " replicas ready";
    if (!failing.isEmpty()) {
      // the most common problem names the state; the others are listed in the message
      var byProblem = new LinkedHashMap<String, List<ObservedReplica>>();
      failing.forEach(r -> byProblem.computeIfAbsent(r.problem(), p -> new ArrayList<>()).add(r));
      var reason =
          byProblem.entrySet().stream()
              .max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
              .orElseThrow()
              .getKey();
      var parts = new ArrayList<String>();
      parts.add(readiness);
      byProblem.forEach(
          (problem, replicas) -> {
            var first = replicas.getFirst();
            parts.add(
                problem
                    + ": "
                    + names(replicas)
                    + (first.problemMessage() == null || first.problemMessage().isBlank()
                        ? ""
                        : " (" + first.problemMessage() + ")"));
          });
      return new ReleaseHealth(
          reason,
          bounded(String.join("; ", parts)),
          failing.stream().map(ObservedReplica::podName).toList());
    }
    if (release.readyReplicas() < release.desiredReplicas()) {
      var unready =
          release.replicas().stream().filter(r -> r.status() != ReplicaStatus.RUNNING).toList();
      var message = unready.isEmpty() ? readiness : readiness + "; not ready: " + names(unready);
      return new ReleaseHealth(
          REPLICAS_NOT_READY,
          bounded(message),
          unready.stream().map(ObservedReplica::podName).toList());
    }
    return HEALTHY;
  }

  private static String names(List<ObservedReplica> replicas) {
    var named = replicas.stream().limit(MAX_PODS_NAMED).map(ObservedReplica::podName).toList();
    var more = replicas.size() - named.size();
    return String.join(", ", named) + (more > 0 ? " and " + more + " more" : "");
  }

  private static String bounded(String message) {
    return message.length() <= MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
