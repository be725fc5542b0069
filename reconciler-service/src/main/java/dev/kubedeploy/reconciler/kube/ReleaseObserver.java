package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads the workloads and pods of a release by Helm's standard label {@value #INSTANCE_LABEL},
 * which charts put on their Deployments, StatefulSets and pod templates.
 */
@ApplicationScoped
public class ReleaseObserver {

  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  private final KubernetesClient client;

  ReleaseObserver(KubernetesClient client) {
    this.client = client;
  }

  public ObservedRelease observe(String namespace, String release) {
    var deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(INSTANCE_LABEL, release)
            .list()
            .getItems();
    var statefulSets =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withLabel(INSTANCE_LABEL, release)
            .list()
            .getItems();
    var pods =
        client.pods().inNamespace(namespace).withLabel(INSTANCE_LABEL, release).list().getItems();
    return of(deployments, statefulSets, pods);
  }

  /** A release from its Deployments, StatefulSets and pods, however they were read. */
  static ObservedRelease of(
      List<Deployment> deployments, List<StatefulSet> statefulSets, List<Pod> pods) {
    var desired =
        deployments.stream().mapToInt(d -> orZero(d.getSpec().getReplicas())).sum()
            + statefulSets.stream().mapToInt(s -> orZero(s.getSpec().getReplicas())).sum();
    var ready =
        deployments.stream()
                .filter(d -> d.getStatus() != null)
                .mapToInt(d -> orZero(d.getStatus().getReadyReplicas()))
                .sum()
            + statefulSets.stream()
                .filter(s -> s.getStatus() != null)
                .mapToInt(s -> orZero(s.getStatus().getReadyReplicas()))
                .sum();
    var replicas =
        pods.stream()
            .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getName()))
            .map(PodStatuses::observe)
            .toList();
    return new ObservedRelease(replicas, desired, ready);
  }

  private static int orZero(Integer value) {
    return Objects.requireNonNullElse(value, 0);
  }
}
