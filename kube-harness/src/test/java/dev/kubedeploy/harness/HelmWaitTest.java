package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm --wait} really waits: with pods that take a while to start, helm 3 polls and helm 4
 * follows watches (kstatus) until they are ready, and returns only then.
 */
class HelmWaitTest {

  /** Pods start after two seconds. */
  private static KubeHarness harness;

  /** Pods never start within a test, to show what helm leaves when it does not wait. */
  private static KubeHarness stalled;

  @TempDir static Path helmHome;

  @BeforeAll
  static void startHarnesses() {
    harness = KubeHarness.start(HarnessOptions.defaults().withPodStartDelay(Duration.ofSeconds(2)));
    stalled = KubeHarness.start(HarnessOptions.defaults().withPodStartDelay(Duration.ofHours(1)));
  }

  @AfterAll
  static void stopHarnesses() {
    harness.close();
    stalled.close();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void waitReturnsOnceSlowPodsAreReady(int major) {
    var namespace = "slow-" + major;
    var helm = new HelmCli(major, harness.kubeconfig(), helmHome.resolve("helm" + major));

    var install =
        helm.run(
            "install",
            "web",
            HelmCli.chart("webapp").toString(),
            "-n",
            namespace,
            "--create-namespace",
            "--wait",
            "--timeout",
            "30s",
            "--set",
            "replicaCount=2");

    assertThat(install.succeeded()).as(install.output()).isTrue();
    assertThat(harness.client().pods().inNamespace(namespace).list().getItems())
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
            });
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void withoutWaitHelmReturnsWhilePodsAreStillStarting(int major) {
    var namespace = "nowait-" + major;
    var helm = new HelmCli(major, stalled.kubeconfig(), helmHome.resolve("stalled" + major));

    var install =
        helm.run(
            "install",
            "web",
            HelmCli.chart("webapp").toString(),
            "-n",
            namespace,
            "--create-namespace");

    assertThat(install.succeeded()).as(install.output()).isTrue();
    await()
        .untilAsserted(
            () ->
                assertThat(stalled.client().pods().inNamespace(namespace).list().getItems())
                    .singleElement()
                    .satisfies(
                        pod -> {
                          assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
                          var state = pod.getStatus().getContainerStatuses().get(0).getState();
                          assertThat(state.getWaiting().getReason()).isEqualTo("ContainerCreating");
                        }));
  }
}
