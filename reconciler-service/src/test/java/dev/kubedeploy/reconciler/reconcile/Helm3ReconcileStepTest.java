package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import dev.kubedeploy.reconciler.kube.ReleaseSecrets;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
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
  @Inject ReleaseSecrets releases;
  @Inject MeterRegistry registry;

  @AfterEach
  void healTheCluster() {
    harness.faults().clear();
  }

  private Map<String, String> config(Fixtures.Row row) {
    return harness
        .client()
        .configMaps()
        .inNamespace(row.namespace())
        .withName(row.release())
        .get()
        .getData();
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
    assertThat(config(row)).containsEntry("greeting", "hi");

    var newer = fixtures.template(SampleCharts.webapp("0.2.0", 20));
    fixtures.upgrade(id, newer);
    step.reconcile(fixtures.claim(id, "upgrade"));
    assertThat(fixtures.row(id).appliedTemplateId()).isEqualTo(newer);
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(releases.read(row.release(), row.namespace()).history()).hasSize(3);
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

  @Test
  void anIdleResyncStartsNoHelmAndADeletedObjectIsStillPutBack() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{}");
    step.reconcile(fixtures.claim(id, "create"));
    var row = fixtures.row(id);
    var helmBefore = HelmProcesses.started(registry);

    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(HelmProcesses.started(registry)).isEqualTo(helmBefore);
    var stored = releases.read(row.release(), row.namespace());
    assertThat(stored.latest().orElseThrow().status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(stored.manifest()).contains("kind: Deployment");

    harness.client().configMaps().inNamespace(row.namespace()).withName(row.release()).delete();
    var upgradesBefore = HelmProcesses.started(registry, "upgrade");
    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(HelmProcesses.started(registry, "upgrade")).isEqualTo(upgradesBefore + 1);
    assertThat(config(row)).containsEntry("greeting", "hello");
    assertThat(fixtures.history(id))
        .last()
        .asString()
        .contains("drift corrected: ConfigMap/" + row.release() + " missing");
    assertThat(releases.read(row.release(), row.namespace()).history()).hasSize(2);
  }
}
