package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The containment the platform relies on, with the real helm of both majors: helm run with {@code
 * --kube-as-user system:serviceaccount:NS:NAME} may install into NS what the account's role allows,
 * and is refused with Kubernetes' Forbidden when the chart renders an object into another namespace
 * or a cluster-scoped one.
 */
class HelmImpersonationTest {

  private static KubeHarness harness;
  private static RbacTestSupport rbac;

  @TempDir static Path helmHome;
  @TempDir static Path charts;

  @BeforeAll
  static void start() {
    harness = KubeHarness.start();
    rbac = new RbacTestSupport(harness.client());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** A namespace whose service account {@code release} may edit it (the built-in edit role). */
  private static String releaseNamespace(String name) {
    rbac.namespace(name);
    rbac.roleBinding(name, "ClusterRole", "edit", RbacTestSupport.serviceAccount(name, "release"));
    return name;
  }

  private static Command.Result helmAsRelease(int major, String namespace, String... args) {
    var helm = new HelmCli(major, harness.kubeconfig(), helmHome.resolve("helm" + major));
    var command = new ArrayList<String>();
    command.add("--kube-as-user");
    command.add("system:serviceaccount:" + namespace + ":release");
    command.addAll(List.of(args));
    command.add("-n");
    command.add(namespace);
    return helm.run(command.toArray(String[]::new));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void aReleaseAccountInstallsTheSampleChartIntoItsOwnNamespace(int major) {
    var namespace = releaseNamespace("own-" + major);

    var install =
        helmAsRelease(
            major,
            namespace,
            "upgrade",
            "--install",
            "web",
            HelmCli.chart("webapp").toString(),
            "--wait",
            "--timeout",
            "30s");

    assertThat(install.succeeded()).as(install.output()).isTrue();
    var deployment =
        harness.client().apps().deployments().inNamespace(namespace).withName("web-webapp").get();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void aRoleGrantingOnlyTheChartsKindsIsEnoughToInstallUpgradeAndUninstall(int major) {
    var namespace = "minimal-" + major;
    rbac.namespace(namespace);
    var all = new String[] {"get", "list", "watch", "create", "update", "patch", "delete"};
    rbac.role(
        namespace,
        "release",
        RbacTestSupport.rule("", "secrets", all),
        RbacTestSupport.rule("", "configmaps", all),
        RbacTestSupport.rule("", "services", all),
        RbacTestSupport.rule("apps", "deployments", all),
        RbacTestSupport.rule("apps", "replicasets", "get", "list", "watch"),
        RbacTestSupport.rule("", "pods", "get", "list", "watch"));
    rbac.roleBinding(
        namespace, "Role", "release", RbacTestSupport.serviceAccount(namespace, "release"));
    var chart = HelmCli.chart("webapp").toString();

    var install =
        helmAsRelease(
            major, namespace, "upgrade", "--install", "web", chart, "--wait", "--timeout", "30s");
    var upgrade =
        helmAsRelease(
            major,
            namespace,
            "upgrade",
            "--install",
            "web",
            chart,
            "--set",
            "replicaCount=2",
            "--wait",
            "--timeout",
            "30s");
    var uninstall =
        helmAsRelease(major, namespace, "uninstall", "web", "--wait", "--timeout", "30s");

    assertThat(install.succeeded()).as(install.output()).isTrue();
    assertThat(upgrade.succeeded()).as(upgrade.output()).isTrue();
    assertThat(uninstall.succeeded()).as(uninstall.output()).isTrue();
    assertThat(harness.client().apps().deployments().inNamespace(namespace).list().getItems())
        .isEmpty();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void aNonAdminMayRunHelmAsAReleaseAccountOnlyWhereItMayImpersonateThatAccount(int major) {
    var allowed = releaseNamespace("delegated-" + major);
    var other = releaseNamespace("not-delegated-" + major);
    var reconciler = "system:serviceaccount:kube-system:reconciler-" + major;
    rbac.role(
        allowed,
        "impersonate-release",
        RbacTestSupport.namedRule("", "serviceaccounts", List.of("release"), "impersonate"));
    rbac.roleBinding(allowed, "Role", "impersonate-release", RbacTestSupport.user(reconciler));
    var helm =
        new HelmCli(
            major, harness.kubeconfigFor(reconciler), helmHome.resolve("delegated" + major));
    var chart = HelmCli.chart("webapp").toString();

    var inAllowed =
        helm.run(
            "--kube-as-user",
            "system:serviceaccount:" + allowed + ":release",
            "upgrade",
            "--install",
            "web",
            chart,
            "-n",
            allowed);
    var inOther =
        helm.run(
            "--kube-as-user",
            "system:serviceaccount:" + other + ":release",
            "upgrade",
            "--install",
            "web",
            chart,
            "-n",
            other);

    assertThat(inAllowed.succeeded()).as(inAllowed.output()).isTrue();
    // helm's first request (/version) is the one refused, which client-go reports only as
    // "Kubernetes cluster unreachable"; RbacTest checks the refusal's wording
    assertThat(inOther.succeeded()).isFalse();
    assertThat(harness.client().secrets().inNamespace(other).list().getItems()).isEmpty();
    assertThat(harness.client().apps().deployments().inNamespace(other).list().getItems())
        .isEmpty();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void aChartRenderingIntoAnotherNamespaceIsForbidden(int major) throws IOException {
    var namespace = releaseNamespace("cross-" + major);
    var chart =
        chart(
            "cross-namespace-" + major,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: escaped-%d
              namespace: kube-system
            data:
              key: value
            """
                .formatted(major));

    var install =
        helmAsRelease(major, namespace, "upgrade", "--install", "escape", chart.toString());

    assertThat(install.succeeded()).isFalse();
    assertThat(install.output())
        .contains(
            "is forbidden: User \"system:serviceaccount:%s:release\" cannot".formatted(namespace))
        .contains("resource \"configmaps\" in API group \"\" in the namespace \"kube-system\"");
    assertThat(
            harness
                .client()
                .configMaps()
                .inNamespace("kube-system")
                .withName("escaped-" + major)
                .get())
        .isNull();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(ints = {4, 3})
  void aChartRenderingAClusterScopedObjectIsForbidden(int major) throws IOException {
    var namespace = releaseNamespace("cluster-" + major);
    var chart =
        chart(
            "cluster-scoped-" + major,
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: escaped-%d
            rules:
              - apiGroups: ["*"]
                resources: ["*"]
                verbs: ["*"]
            """
                .formatted(major));

    var install =
        helmAsRelease(major, namespace, "upgrade", "--install", "escape", chart.toString());

    assertThat(install.succeeded()).isFalse();
    assertThat(install.output())
        .contains(
            "is forbidden: User \"system:serviceaccount:%s:release\" cannot".formatted(namespace))
        .contains(
            "resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope");
    assertThat(harness.client().rbac().clusterRoles().withName("escaped-" + major).get()).isNull();
  }

  private static Path chart(String name, String template) throws IOException {
    var chart = charts.resolve(name);
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"),
        """
        apiVersion: v2
        name: %s
        version: 0.1.0
        """
            .formatted(name));
    Files.writeString(chart.resolve("templates/object.yaml"), template);
    return chart;
  }
}
