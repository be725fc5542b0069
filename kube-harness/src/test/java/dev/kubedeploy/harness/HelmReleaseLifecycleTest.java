package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A release's whole life with the real helm of both supported majors against one harness. */
class HelmReleaseLifecycleTest {

  private static KubeHarness harness;

  @TempDir static Path helmHome;

  @BeforeAll
  static void startHarness() {
    harness = KubeHarness.start();
  }

  @AfterAll
  static void stopHarness() {
    harness.close();
  }

  private static HelmCli helm(int major) {
    return new HelmCli(major, harness.kubeconfig(), helmHome.resolve("helm" + major));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void installWaitsForReadyPodsAndCreatesTheNamespace(int major) {
    var namespace = "install-" + major;

    var install =
        helm(major)
            .run(
                "upgrade",
                "--install",
                "web",
                HelmCli.chart("webapp").toString(),
                "-n",
                namespace,
                "--create-namespace",
                "--wait",
                "--timeout",
                "30s");

    assertThat(install.succeeded()).as(install.output()).isTrue();
    var client = harness.client();
    assertThat(client.namespaces().withName(namespace).get().getStatus().getPhase())
        .isEqualTo("Active");
    var deployment =
        client.apps().deployments().inNamespace(namespace).withName("web-webapp").get();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
    var pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/instance", "web")
            .list()
            .getItems();
    assertThat(pods).singleElement().satisfies(HelmReleaseLifecycleTest::isRunningAndReady);
    assertThat(
            client
                .services()
                .inNamespace(namespace)
                .withName("web-webapp")
                .get()
                .getSpec()
                .getClusterIP())
        .startsWith("10.96.");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void upgradeHistoryRollbackAndUninstallWork(int major) {
    var namespace = "lifecycle-" + major;
    var chart = HelmCli.chart("webapp").toString();
    var helm = helm(major);
    assertThat(
            helm.run("install", "web", chart, "-n", namespace, "--create-namespace", "--wait")
                .succeeded())
        .isTrue();

    var upgrade =
        helm.run(
            "upgrade",
            "web",
            chart,
            "-n",
            namespace,
            "--wait",
            "--set",
            "replicaCount=3",
            "--set",
            "config.greeting=bonjour");
    assertThat(upgrade.succeeded()).as(upgrade.output()).isTrue();
    var client = harness.client();
    assertThat(
            client
                .pods()
                .inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", "web")
                .list()
                .getItems())
        .hasSize(3)
        .allSatisfy(HelmReleaseLifecycleTest::isRunningAndReady);
    assertThat(client.configMaps().inNamespace(namespace).withName("web-webapp").get().getData())
        .containsEntry("greeting", "bonjour");

    var history = helm.run("history", "web", "-n", namespace);
    assertThat(history.stdout()).contains("superseded").contains("Upgrade complete");

    var rollback = helm.run("rollback", "web", "1", "-n", namespace, "--wait");
    assertThat(rollback.succeeded()).as(rollback.output()).isTrue();
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web-webapp")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
    assertThat(client.configMaps().inNamespace(namespace).withName("web-webapp").get().getData())
        .containsEntry("greeting", "hello");

    var status = helm.run("status", "web", "-n", namespace);
    assertThat(status.stdout()).contains("STATUS: deployed").contains("REVISION: 3");
    assertThat(helm.run("list", "-n", namespace).stdout()).contains("web").contains("deployed");

    var uninstall = helm.run("uninstall", "web", "-n", namespace, "--wait");
    assertThat(uninstall.succeeded()).as(uninstall.output()).isTrue();
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems())
        .isEmpty();
    await()
        .untilAsserted(
            () -> assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty());
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void scalingToZeroAndBackThroughValuesMovesThePods(int major) {
    var namespace = "scale-" + major;
    var chart = HelmCli.chart("webapp").toString();
    var helm = helm(major);
    var pods =
        harness
            .client()
            .pods()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/instance", "web");
    assertThat(
            helm.run("install", "web", chart, "-n", namespace, "--create-namespace", "--wait")
                .succeeded())
        .isTrue();

    var down =
        helm.run("upgrade", "web", chart, "-n", namespace, "--wait", "--set", "replicaCount=0");

    assertThat(down.succeeded()).as(down.output()).isTrue();
    await().untilAsserted(() -> assertThat(pods.list().getItems()).isEmpty());
    var deployment =
        harness.client().apps().deployments().inNamespace(namespace).withName("web-webapp").get();
    assertThat(deployment.getStatus().getReplicas()).isZero();

    var up =
        helm.run("upgrade", "web", chart, "-n", namespace, "--wait", "--set", "replicaCount=2");

    assertThat(up.succeeded()).as(up.output()).isTrue();
    assertThat(pods.list().getItems())
        .hasSize(2)
        .allSatisfy(HelmReleaseLifecycleTest::isRunningAndReady);
  }

  private static void isRunningAndReady(Pod pod) {
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getSpec().getNodeName()).isNotBlank();
    assertThat(pod.getStatus().getContainerStatuses())
        .allSatisfy(
            container -> {
              assertThat(container.getReady()).isTrue();
              assertThat(container.getContainerID()).startsWith("containerd://");
            });
    assertThat(pod.getStatus().getConditions())
        .anySatisfy(
            condition -> {
              assertThat(condition.getType()).isEqualTo("Ready");
              assertThat(condition.getStatus()).isEqualTo("True");
            });
  }
}
