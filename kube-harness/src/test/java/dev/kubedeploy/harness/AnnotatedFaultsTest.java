package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pod failures a chart asks for through annotations on its pod template. */
class AnnotatedFaultsTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private static KubeHarness harness;
  private static KubernetesClient client;

  @BeforeAll
  static void startHarness() {
    harness = KubeHarness.start();
    client = harness.client();
  }

  @AfterAll
  static void stopHarness() {
    harness.close();
  }

  @Test
  void aCrashLoopAnnotationMakesThePodsCrashLoop() {
    var namespace = run(Map.of("kubedeploy.dev/harness-pod-failure", "crash-loop"));

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(isReady(pod)).isFalse();
                          assertThat(container(pod).getState().getWaiting().getReason())
                              .isEqualTo("CrashLoopBackOff");
                        }));
  }

  @Test
  void anImagePullErrorAnnotationLeavesThePodsPendingAndPulling() {
    var namespace = run(Map.of("kubedeploy.dev/harness-pod-failure", "image-pull-error"));

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                          assertThat(isReady(pod)).isFalse();
                          var waiting = container(pod).getState().getWaiting();
                          assertThat(waiting.getReason()).isEqualTo("ImagePullBackOff");
                          assertThat(waiting.getMessage()).contains("nginx:1.27");
                          assertThat(container(pod).getContainerID()).isNull();
                        }));
  }

  @Test
  void aNeverReadyAnnotationKeepsThePodsRunningButUnready() {
    var namespace = run(Map.of("kubedeploy.dev/harness-pod-failure", "never-ready"));

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(container(pod).getState().getRunning()).isNotNull();
                          assertThat(isReady(pod)).isFalse();
                        }));
  }

  @Test
  void aFailAfterAnnotationLetsThePodsTurnReadyBeforeTheyFail() {
    var namespace =
        run(
            Map.of(
                "kubedeploy.dev/harness-fail-after", "2",
                "kubedeploy.dev/harness-pod-failure", "failed"));

    await()
        .pollInterval(Duration.ofMillis(50))
        .until(() -> pods(namespace).stream().filter(AnnotatedFaultsTest::isReady).count() == 2);
    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Failed")));
  }

  @Test
  void anUnknownFailureIsIgnoredAndThePodsRunHealthy() {
    var namespace = run(Map.of("kubedeploy.dev/harness-pod-failure", "meteor-strike"));

    await().until(() -> pods(namespace).stream().filter(AnnotatedFaultsTest::isReady).count() == 2);
  }

  @Test
  void aFaultOfTheTestOverridesTheAnnotation() {
    var namespace = "annotated-" + (NAMESPACES.get() + 1);
    harness.faults().failPods(namespace, "web", PodFailure.IMAGE_PULL_BACK_OFF);
    try {
      run(Map.of("kubedeploy.dev/harness-pod-failure", "crash-loop"));

      await()
          .untilAsserted(
              () ->
                  assertThat(pods(namespace))
                      .hasSize(2)
                      .allSatisfy(
                          pod ->
                              assertThat(container(pod).getState().getWaiting().getReason())
                                  .isEqualTo("ImagePullBackOff")));
    } finally {
      harness.faults().clear();
    }
  }

  /** A namespace with a Deployment {@code web} of two pods whose template carries annotations. */
  private static String run(Map<String, String> annotations) {
    var namespace = "annotated-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    Deployment deployment = KubernetesApiTest.deployment("web", 2);
    deployment.getSpec().getTemplate().getMetadata().setAnnotations(annotations);
    client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    return namespace;
  }

  private static List<Pod> pods(String namespace) {
    return client.pods().inNamespace(namespace).list().getItems();
  }

  /** The pod's container as the kubelet reports it; an assertion error until it has. */
  private static ContainerStatus container(Pod pod) {
    assertThat(pod.getStatus()).isNotNull();
    assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
