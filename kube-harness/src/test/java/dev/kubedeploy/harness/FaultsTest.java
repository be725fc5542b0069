package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hooks tests use to make pods fail, rollouts stall and the API misbehave, and the pod failures
 * a chart asks for through annotations on its pod template.
 */
class FaultsTest {

  @RegisterExtension static final HarnessPerClass cluster = new HarnessPerClass("faults");

  private static String runDeployment(String name) {
    return cluster.run(KubernetesApiTest.deployment(name, 2));
  }

  private static List<Pod> pods(String namespace) {
    return cluster.client().pods().inNamespace(namespace).list().getItems();
  }

  @Test
  void failedPodsCrashLoopUntilTheFaultIsCleared() {
    var namespace = runDeployment("web");
    await().until(() -> pods(namespace).stream().filter(FaultsTest::isReady).count() == 2);

    cluster.faults().failPods(namespace, "web");

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(isReady(pod)).isFalse();
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                          var container = pod.getStatus().getContainerStatuses().get(0);
                          assertThat(container.getState().getWaiting().getReason())
                              .isEqualTo("CrashLoopBackOff");
                          assertThat(container.getLastState().getTerminated().getExitCode())
                              .isEqualTo(1);
                          assertThat(container.getRestartCount()).isPositive();
                        }));
    await().until(() -> cluster.deploymentStatus(namespace, "web").getReadyReplicas() == 0);

    cluster.faults().clear();

    await().until(() -> pods(namespace).stream().filter(FaultsTest::isReady).count() == 2);
  }

  @Test
  void podsCanFailForGoodBySelector() {
    var namespace = runDeployment("api");

    cluster.faults().failPodsMatching(namespace, "app in (api)", PodFailure.FAILED);

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
                          assertThat(
                                  pod.getStatus()
                                      .getContainerStatuses()
                                      .get(0)
                                      .getState()
                                      .getTerminated()
                                      .getExitCode())
                              .isEqualTo(1);
                        }));
  }

  @Test
  void aNeverReadyRolloutKeepsItsPodsRunningButUnready() {
    cluster.faults().neverReady(cluster.nextNamespace(), "web");
    var namespace = runDeployment("web");

    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .hasSize(2)
                    .allSatisfy(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                          assertThat(
                                  pod.getStatus()
                                      .getContainerStatuses()
                                      .get(0)
                                      .getState()
                                      .getRunning())
                              .isNotNull();
                          assertThat(isReady(pod)).isFalse();
                        }));
    var status = cluster.deploymentStatus(namespace, "web");
    assertThat(status.getReadyReplicas()).isZero();
    assertThat(status.getConditions())
        .anySatisfy(condition -> assertThat(condition.getReason()).isEqualTo("ReplicaSetUpdated"));
  }

  @Test
  void theNextRequestsFailWithTheInjectedStatus() {
    var before = cluster.faults().injectedCount();
    cluster.faults().failNextRequests(503, 2);

    assertThat(HarnessHttp.get(cluster.harness(), "/api/v1/namespaces").statusCode())
        .isEqualTo(503);
    var second = HarnessHttp.get(cluster.harness(), "/api/v1/namespaces/default");
    var third = HarnessHttp.get(cluster.harness(), "/api/v1/namespaces/default");

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).contains("\"kind\":\"Status\"").contains("\"code\":503");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(cluster.faults().injectedCount() - before).isEqualTo(2);
  }

  @Test
  void aFaultCanTargetOneMethodOnOnePath() {
    cluster.faults().inject(ApiFault.respond(500).onMethod("POST").onPath("/configmaps"));
    var configMap =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}"
            .getBytes(StandardCharsets.UTF_8);
    var secret =
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            HarnessHttp.post(
                    cluster.harness(),
                    "/api/v1/namespaces/default/configmaps",
                    "application/json",
                    configMap)
                .statusCode())
        .isEqualTo(500);
    assertThat(
            HarnessHttp.get(cluster.harness(), "/api/v1/namespaces/default/configmaps")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            HarnessHttp.post(
                    cluster.harness(),
                    "/api/v1/namespaces/default/secrets",
                    "application/json",
                    secret)
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aDelayedRequestIsStillServed() {
    var before = cluster.faults().injectedCount();
    cluster.faults().inject(ApiFault.delay(Duration.ofMillis(200)).onPath("^/version").times(1));

    var response = HarnessHttp.get(cluster.harness(), "/version");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("gitVersion");
    assertThat(cluster.faults().injectedCount() - before).isEqualTo(1);
  }

  @Test
  void aCrashLoopAnnotationMakesThePodsCrashLoop() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "crash-loop"));

    awaitEveryPod(
        namespace,
        pod -> {
          assertThat(isReady(pod)).isFalse();
          assertThat(container(pod).getState().getWaiting().getReason())
              .isEqualTo("CrashLoopBackOff");
        });
  }

  @Test
  void anImagePullErrorAnnotationLeavesThePodsPendingAndPulling() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "image-pull-error"));

    awaitEveryPod(
        namespace,
        pod -> {
          assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
          assertThat(isReady(pod)).isFalse();
          var waiting = container(pod).getState().getWaiting();
          assertThat(waiting.getReason()).isEqualTo("ImagePullBackOff");
          assertThat(waiting.getMessage()).contains("nginx:1.27");
          assertThat(container(pod).getContainerID()).isNull();
        });
  }

  @Test
  void aNeverReadyAnnotationKeepsThePodsRunningButUnready() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "never-ready"));

    awaitEveryPod(
        namespace,
        pod -> {
          assertThat(container(pod).getState().getRunning()).isNotNull();
          assertThat(isReady(pod)).isFalse();
        });
  }

  @Test
  void aFailAfterAnnotationLetsThePodsTurnReadyBeforeTheyFail() {
    var namespace =
        cluster.runAnnotated(
            Map.of(
                "kubedeploy.dev/harness-fail-after", "2",
                "kubedeploy.dev/harness-pod-failure", "failed"));

    await()
        .pollInterval(Duration.ofMillis(50))
        .until(() -> pods(namespace).stream().filter(FaultsTest::isReady).count() == 2);
    await()
        .untilAsserted(
            () ->
                assertThat(pods(namespace))
                    .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Failed")));
  }

  @Test
  void anUnknownFailureIsIgnoredAndThePodsRunHealthy() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "meteor-strike"));

    await().until(() -> pods(namespace).stream().filter(FaultsTest::isReady).count() == 2);
  }

  @Test
  void aFaultOfTheTestOverridesTheAnnotation() {
    var namespace = cluster.nextNamespace();
    cluster.faults().failPods(namespace, "web", PodFailure.IMAGE_PULL_BACK_OFF);

    cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "crash-loop"));

    awaitEveryPod(
        namespace,
        pod ->
            assertThat(container(pod).getState().getWaiting().getReason())
                .isEqualTo("ImagePullBackOff"));
  }

  /** Waits until both pods of the namespace meet {@code requirement}. */
  private static void awaitEveryPod(String namespace, ThrowingConsumer<Pod> requirement) {
    await().untilAsserted(() -> assertThat(pods(namespace)).hasSize(2).allSatisfy(requirement));
  }

  /** The pod's container as the kubelet reports it; an assertion error until it has. */
  private static ContainerStatus container(Pod pod) {
    assertThat(pod.getStatus()).isNotNull();
    assertThat(pod.getStatus().getContainerStatuses()).isNotEmpty();
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
