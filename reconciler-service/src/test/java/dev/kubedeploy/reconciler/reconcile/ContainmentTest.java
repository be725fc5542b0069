package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The namespace as a boundary the API server enforces: the reconciler runs with the platform
 * chart's RBAC (not as an admin) through the real queue, helm acts as each namespace's release
 * ServiceAccount, and charts that reach outside their namespace are refused and end failed with the
 * API server's own words.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = ChartRbacHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.queue.enabled", value = "true"),
      @ResourceArg(name = "app.queue.instance-name", value = "containment-test"),
      @ResourceArg(name = "app.queue.poll-interval", value = "200ms"),
      @ResourceArg(name = "app.queue.retry.initial-delay", value = "50ms"),
      @ResourceArg(name = "app.queue.retry.max-delay", value = "200ms"),
      @ResourceArg(name = "app.queue.retry.max-attempts", value = "2"),
      @ResourceArg(name = "app.queue.resync.check-interval", value = "1h")
    })
class ContainmentTest {

  private static final Duration SETTLED = Duration.ofSeconds(90);

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject Fixtures fixtures;

  private long reconciled(Fixtures.TemplateSpec template, DeploymentStatus expected) {
    return reconciled(fixtures.template(template), expected);
  }

  private long reconciled(long templateId, DeploymentStatus expected) {
    return reconciled(templateId, "{}", expected);
  }

  private long reconciled(long templateId, String userValues, DeploymentStatus expected) {
    var id = fixtures.deployment(templateId, 1, userValues);
    QuarkusTransaction.requiringNew().run(() -> ReconcileJob.enqueue(id, "create"));
    await()
        .atMost(SETTLED)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(fixtures.row(id).status()).isEqualTo(expected));
    return id;
  }

  @Test
  void aNormalChartInstallsAndRunsAsTheReleaseWhileTheReconcilerItselfMayNotWriteThere() {
    var id = reconciled(SampleCharts.webapp("0.1.0", 30), DeploymentStatus.RUNNING);

    var row = fixtures.row(id);
    assertThat(row.lastError()).isNull();
    assertThat(harness.client().apps().deployments().inNamespace(row.namespace()).list().getItems())
        .singleElement()
        .satisfies(
            deployment -> assertThat(deployment.getMetadata().getName()).isEqualTo(row.release()));
    // what helm wrote there, the reconciler's own rights could not have written
    var reconciler = harness.clientFor(PlatformChartRbac.RECONCILER);
    var planted =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("planted")
            .withNamespace(row.namespace())
            .endMetadata()
            .build();
    assertThatThrownBy(() -> reconciler.resource(planted).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void podsBreakingTheRestrictedLevelAreRefusedAndTheDeploymentFailsWithPodSecuritysReason() {
    // the webapp sample runs nginx as root, with no seccomp profile: fine for baseline only
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 5));
    fixtures.restrict(template);

    var id = reconciled(template, DeploymentStatus.FAILED);

    var row = fixtures.row(id);
    assertThat(
            harness.client().namespaces().withName(row.namespace()).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(row.lastError())
        .contains("the cluster refused its pods")
        .contains("forbidden")
        .contains("violates PodSecurity \"restricted");
  }

  @Test
  void aLoadBalancerTheTemplateDoesNotAllowIsRefusedByTheQuotaAndTheDeploymentFails() {
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 10));

    var id =
        reconciled(
            template, "{\"service\": {\"type\": \"LoadBalancer\"}}", DeploymentStatus.FAILED);

    var row = fixtures.row(id);
    assertThat(row.lastError())
        .contains("forbidden")
        .contains("exceeded quota")
        .contains("services.loadbalancers");
    assertThat(harness.client().services().inNamespace(row.namespace()).list().getItems())
        .isEmpty();
  }

  @Test
  void aChartRenderingIntoAnotherNamespaceIsRefusedAndTheDeploymentFailsWithTheReason() {
    var id = reconciled(SampleCharts.folder("other-namespace", 20), DeploymentStatus.FAILED);

    var row = fixtures.row(id);
    assertThat(row.lastError())
        .contains("forbidden")
        .contains("configmaps")
        .contains("system:serviceaccount:" + row.namespace() + ":kubedeploy-release")
        .contains("in the namespace \"default\"");
    assertThat(fixtures.history(id)).last().asString().contains("is forbidden");
    assertThat(harness.client().configMaps().inNamespace("default").list().getItems())
        .noneSatisfy(
            map -> assertThat(map.getMetadata().getName()).isEqualTo(row.release() + "-planted"));
  }

  @Test
  void aChartRenderingAClusterScopedObjectIsRefusedAndTheDeploymentFailsWithTheReason() {
    var id = reconciled(SampleCharts.folder("cluster-scoped", 20), DeploymentStatus.FAILED);

    var row = fixtures.row(id);
    assertThat(row.lastError())
        .contains("clusterrolebindings.rbac.authorization.k8s.io")
        .contains("forbidden")
        .contains("at the cluster scope");
    assertThat(harness.client().rbac().clusterRoleBindings().list().getItems())
        .noneSatisfy(
            binding ->
                assertThat(binding.getMetadata().getName())
                    .isEqualTo(row.release() + "-cluster-admin"));
  }

  @Test
  void aChartRenderingAPrivilegedBarePodIsRefusedAndTheDeploymentFailsWithTheReason() {
    var id = reconciled(SampleCharts.folder("privileged-pod", 20), DeploymentStatus.FAILED);

    var row = fixtures.row(id);
    assertThat(row.lastError()).contains("pods").contains("forbidden");
    assertThat(harness.client().pods().inNamespace(row.namespace()).list().getItems()).isEmpty();
  }
}
