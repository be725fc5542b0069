package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core install and upgrade paths with Helm 3.18 (--atomic instead of --rollback-on-failure).
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessHelm3Resource.class, restrictToAnnotatedClass = true)
class Helm3ReconcileStepTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject HelmReconcileStep step;
  @Inject Fixtures fixtures;
  @Inject HelmCli helm;

  @AfterEach
  void healTheCluster() {
    harness.faults().clear();
  }

  @Test
  void theStepRunsHelm3() {
    assertThat(helm.version().major()).isEqualTo(3);
  }

  @Test
  void installValuesUpgradeAndTemplateUpgradeWork() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 2, "{}");
    step.reconcile(fixtures.claim(id, "create"));
    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(fixtures.replicas(id)).hasSize(2);

    fixtures.change(id, d -> d.userValuesJson = "{\"config\": {\"greeting\": \"hi\"}}");
    step.reconcile(fixtures.claim(id, "update"));
    assertThat(
            harness
                .client()
                .configMaps()
                .inNamespace(row.namespace())
                .withName(row.release())
                .get()
                .getData())
        .containsEntry("greeting", "hi");

    var newer = fixtures.template(SampleCharts.webapp("0.2.0", 20));
    fixtures.upgrade(id, newer);
    step.reconcile(fixtures.claim(id, "upgrade"));
    assertThat(fixtures.row(id).appliedTemplateId()).isEqualTo(newer);
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(helm.history(row.release(), row.namespace())).hasSize(3);
  }

  @Test
  void aFailedUpgradeIsRolledBackByAtomicAndReported() throws Exception {
    var old = fixtures.template(SampleCharts.webapp("0.1.0", 20));
    var id = fixtures.deployment(old, 1, "{}");
    step.reconcile(fixtures.claim(id, "create"));
    var row = fixtures.row(id);
    fixtures.upgrade(id, fixtures.template(SampleCharts.webapp("0.2.0", 3)));
    harness.faults().neverReadyMatching(row.namespace(), "app.kubernetes.io/version=1.28");

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "upgrade")))
        .isInstanceOf(ReconcileStepException.class)
        .hasMessageContaining("rolled back due to atomic being set");

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(fixtures.statusReason(id).code()).isEqualTo("RolledBack");
    assertThat(fixtures.statusReason(id).message())
        .contains("has been rolled back due to atomic being set");
    assertThat(fixtures.row(id).appliedTemplateId()).isEqualTo(old);
  }
}
