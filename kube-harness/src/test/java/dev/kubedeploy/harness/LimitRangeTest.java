package dev.kubedeploy.harness;

import static dev.kubedeploy.harness.AdmissionTestSupport.container;
import static dev.kubedeploy.harness.AdmissionTestSupport.newNamespace;
import static dev.kubedeploy.harness.AdmissionTestSupport.pod;
import static dev.kubedeploy.harness.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LimitRange admission as the Kubernetes documentation ("Limit Ranges", "Configure Default CPU
 * Requests and Limits for a Namespace") describes it.
 */
class LimitRangeTest {

  private static KubeHarness harness;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    harness = KubeHarness.start();
    client = harness.client();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String namespaceWithLimits(LimitRangeItem... items) {
    var name = newNamespace(client, "limits", Map.of());
    client
        .limitRanges()
        .inNamespace(name)
        .resource(
            new LimitRangeBuilder()
                .withNewMetadata()
                .withName("limits")
                .endMetadata()
                .withNewSpec()
                .withLimits(items)
                .endSpec()
                .build())
        .create();
    return name;
  }

  private static Pod createPod(String namespace, Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  private static Map<String, Quantity> values(String cpu, String memory) {
    return Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
  }

  @Test
  void containersWithoutResourcesGetTheDefaultRequestAndDefaultLimit() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Container")
                .withDefault(values("500m", "256Mi"))
                .withDefaultRequest(values("100m", "128Mi"))
                .build());

    var pod = createPod(namespace, pod("web", container("app")));

    var resources = pod.getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests()).isEqualTo(values("100m", "128Mi"));
    assertThat(resources.getLimits()).isEqualTo(values("500m", "256Mi"));
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(
            "kubernetes.io/limit-ranger",
            "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app");
  }

  @Test
  void aDefaultLimitAloneAlsoBecomesTheDefaultRequestAndStatedValuesAreKept() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Container")
                .withDefault(values("1", "512Mi"))
                .build());

    var pod = createPod(namespace, pod("web", container("app", "requests.cpu=250m")));

    var resources = pod.getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests()).isEqualTo(values("250m", "512Mi"));
    assertThat(resources.getLimits()).isEqualTo(values("1", "512Mi"));
  }

  @Test
  void defaultsComeBeforeQuotaSoADefaultedPodPassesAQuotaThatRequiresLimits() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Container")
                .withDefault(values("500m", "256Mi"))
                .build());
    client
        .resourceQuotas()
        .inNamespace(namespace)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("q")
                .endMetadata()
                .withNewSpec()
                .withHard(
                    Map.of("limits.cpu", new Quantity("1"), "limits.memory", new Quantity("1Gi")))
                .endSpec()
                .build())
        .create();

    createPod(namespace, pod("first", container("app")));
    createPod(namespace, pod("second", container("app")));
    var third = refusal(() -> createPod(namespace, pod("third", container("app"))));

    assertThat(third.getStatus().getMessage())
        .isEqualTo(
            "pods \"third\" is forbidden: exceeded quota: q, requested: limits.cpu=500m, used: limits.cpu=1, limited: limits.cpu=1");
  }

  @Test
  void aContainerOutsideMinAndMaxIsForbiddenWithTheApiServersWording() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Container")
                .withMax(Map.of("cpu", new Quantity("1")))
                .withMin(Map.of("memory", new Quantity("64Mi")))
                .build());

    var tooBig =
        refusal(
            () ->
                createPod(
                    namespace,
                    pod("big", container("app", "limits.cpu=2", "requests.memory=64Mi"))));
    var both =
        refusal(
            () ->
                createPod(
                    namespace,
                    pod("both", container("app", "limits.cpu=2", "requests.memory=32Mi"))));

    assertThat(tooBig.getCode()).isEqualTo(403);
    assertThat(tooBig.getStatus().getMessage())
        .isEqualTo(
            "pods \"big\" is forbidden: maximum cpu usage per Container is 1, but limit is 2");
    assertThat(both.getStatus().getMessage())
        .isEqualTo(
            "pods \"both\" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 1, but limit is 2]");
  }

  @Test
  void aLimitFarAboveItsRequestBreaksTheMaxLimitRequestRatio() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Container")
                .withMaxLimitRequestRatio(Map.of("cpu", new Quantity("2")))
                .build());

    var refused =
        refusal(
            () ->
                createPod(
                    namespace,
                    pod("bursty", container("app", "requests.cpu=100m", "limits.cpu=500m"))));

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"bursty\" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000");
  }

  @Test
  void aPodLimitBoundsTheSumOfItsContainers() {
    var namespace =
        namespaceWithLimits(
            new LimitRangeItemBuilder()
                .withType("Pod")
                .withMax(Map.of("memory", new Quantity("1Gi")))
                .build());

    var refused =
        refusal(
            () ->
                createPod(
                    namespace,
                    pod(
                        "pair",
                        container("app", "limits.memory=768Mi"),
                        container("side", "limits.memory=512Mi"))));

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "pods \"pair\" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1280Mi");
  }
}
