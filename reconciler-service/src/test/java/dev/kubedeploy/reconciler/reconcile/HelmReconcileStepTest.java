package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.SimpleFileServer;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.reconciler.desired.ReleaseValues;
import dev.kubedeploy.reconciler.helm.ChartDigests;
import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import dev.kubedeploy.reconciler.kube.ReleaseSecrets;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import dev.kubedeploy.testsupport.RunningProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile step end to end below the queue: real helm (4.x by default) against the Kubernetes
 * test harness, rows in a migrated PostgreSQL, the step called directly with a claimed job.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessResource.class, restrictToAnnotatedClass = true)
class HelmReconcileStepTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject HelmReconcileStep step;
  @Inject Fixtures fixtures;
  @Inject HelmCli helm;
  @Inject ReleaseSecrets releases;
  @Inject DesiredStateReader desiredState;
  @Inject MeterRegistry registry;

  @AfterEach
  void healTheCluster() {
    harness.faults().clear();
  }

  private long installed(Fixtures.TemplateSpec template, int replicas) throws Exception {
    var id = fixtures.deployment(fixtures.template(template), replicas, "{}");
    step.reconcile(fixtures.claim(id, "create"));
    assertThat(fixtures.row(id).status()).isIn(DeploymentStatus.RUNNING, DeploymentStatus.STOPPED);
    return id;
  }

  private Deployment workload(Fixtures.Row row) {
    return harness
        .client()
        .apps()
        .deployments()
        .inNamespace(row.namespace())
        .withName(row.release())
        .get();
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

  private long stepsRun(String name) {
    return registry.find(ReconcileMetrics.STEP_TIMER).tag("step", name).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private List<ReleaseRevision> revisions(Fixtures.Row row) {
    return releases.read(row.release(), row.namespace()).history();
  }

  @Test
  void aNewDeploymentIsInstalledAndReportedRunningWithItsReplicas() throws Exception {
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 20));
    var id = fixtures.deployment(template, 2, "{}");

    step.reconcile(fixtures.claim(id, "create"));

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(row.appliedTemplateId()).isEqualTo(template);
    assertThat(row.appliedGeneration()).isEqualTo(row.generation());
    assertThat(row.lastError()).isNull();
    assertThat(fixtures.history(id))
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly("none -> pending", "pending -> reconciling", "reconciling -> running");
    assertThat(fixtures.history(id)).last().asString().endsWith("applied, 2/2 replicas ready");
    assertThat(fixtures.replicas(id))
        .hasSize(2)
        .allSatisfy(
            replica -> {
              assertThat(replica.status).isEqualTo(ReplicaStatus.RUNNING);
              assertThat(replica.podName).startsWith(row.release());
              assertThat(replica.nodeName).isNotBlank();
              assertThat(replica.containerId).isNotBlank();
              assertThat(replica.startedAt).isNotNull();
            });
    var namespace = harness.client().namespaces().withName(row.namespace()).get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "kubedeploy")
        .containsEntry("kubedeploy.dev/deployment-uid", row.release())
        .containsEntry("kubedeploy.dev/tenant", "default")
        .containsEntry("kubedeploy.dev/product", "webapp");
    var quota =
        harness
            .client()
            .resourceQuotas()
            .inNamespace(row.namespace())
            .withName("kubedeploy-quota")
            .get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
    assertThat(quota.getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("1500m"))
        .containsEntry("pods", new Quantity("3"))
        .containsEntry("services.loadbalancers", new Quantity("0"));
    assertThat(
            harness
                .client()
                .network()
                .networkPolicies()
                .inNamespace(row.namespace())
                .withName("kubedeploy-isolation")
                .get())
        .isNotNull();
    assertThat(
            harness
                .client()
                .rbac()
                .roleBindings()
                .inNamespace(row.namespace())
                .withName("kubedeploy-release")
                .get()
                .getSubjects())
        .singleElement()
        .satisfies(
            subject ->
                assertThat(subject.getNamespace() + "/" + subject.getName())
                    .isEqualTo(row.namespace() + "/kubedeploy-release"));
    assertThat(
            harness
                .client()
                .limitRanges()
                .inNamespace(row.namespace())
                .withName("kubedeploy-defaults")
                .get())
        .isNotNull();
    var container = workload(row).getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"));
    assertThat(revisions(row))
        .singleElement()
        .satisfies(
            revision -> {
              assertThat(revision.status()).isEqualTo(ReleaseStatus.DEPLOYED);
              assertThat(revision.description()).startsWith("kubedeploy generation 1 template");
            });
  }

  @Test
  void newUserValuesAreUpgradedIntoTheRelease() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    fixtures.change(
        id, deployment -> deployment.userValuesJson = "{\"config\": {\"greeting\": \"hi\"}}");

    step.reconcile(fixtures.claim(id, "update"));

    var row = fixtures.row(id);
    assertThat(config(row)).containsEntry("greeting", "hi");
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(row.appliedGeneration()).isEqualTo(2);
    assertThat(revisions(row)).hasSize(2);
  }

  @Test
  void anUpgradeToANewTemplateVersionRollsThePods() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var newer = fixtures.template(SampleCharts.webapp("0.2.0", 20));
    fixtures.upgrade(id, newer);

    step.reconcile(fixtures.claim(id, "upgrade"));

    var row = fixtures.row(id);
    assertThat(row.appliedTemplateId()).isEqualTo(newer);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    var container = workload(row).getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getImage()).isEqualTo("nginx:1.28");
    assertThat(fixtures.replicas(id))
        .filteredOn(r -> r.stoppedAt == null)
        .singleElement()
        .extracting(r -> r.status)
        .isEqualTo(ReplicaStatus.RUNNING);
    // the pod of the old version went away, and the replica says when
    assertThat(fixtures.replicas(id))
        .filteredOn(r -> r.stoppedAt != null)
        .singleElement()
        .extracting(r -> r.status)
        .isEqualTo(ReplicaStatus.STOPPED);
  }

  @Test
  void scalingToZeroStopsTheDeploymentAndScalingBackRunsIt() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 2);

    var pods = fixtures.replicas(id).stream().map(replica -> replica.podName).toList();
    fixtures.change(id, deployment -> deployment.targetReplicas = 0);
    step.reconcile(fixtures.claim(id, "scale"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.STOPPED);
    assertThat(workload(fixtures.row(id)).getSpec().getReplicas()).isZero();
    // the pods that went away stay listed, stopped, with the time they were found gone
    assertThat(fixtures.replicas(id))
        .hasSize(2)
        .allSatisfy(
            replica -> {
              assertThat(pods).contains(replica.podName);
              assertThat(replica.status).isEqualTo(ReplicaStatus.STOPPED);
              assertThat(replica.stoppedAt).isNotNull();
            });

    fixtures.change(id, deployment -> deployment.targetReplicas = 2);
    step.reconcile(fixtures.claim(id, "scale"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(fixtures.replicas(id))
        .filteredOn(replica -> replica.stoppedAt == null)
        .hasSize(2)
        .allSatisfy(replica -> assertThat(replica.status).isEqualTo(ReplicaStatus.RUNNING));
    assertThat(fixtures.history(id))
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .contains("reconciling -> stopped", "reconciling -> running");
  }

  @Test
  void anUpgradeThatNeverBecomesReadyIsRolledBackAndReportedFailedAsRolledBack() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var old = fixtures.row(id);
    var newer = fixtures.template(SampleCharts.webapp("0.2.0", 3));
    fixtures.upgrade(id, newer);
    harness.faults().neverReadyMatching(old.namespace(), "app.kubernetes.io/version=1.28");

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "upgrade")))
        .isInstanceOf(ReconcileStepException.class)
        .hasMessageStartingWith("upgrade: upgrade to template")
        .hasMessageContaining("rolled back");

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(row.appliedTemplateId()).isEqualTo(old.appliedTemplateId());
    assertThat(row.appliedGeneration()).isEqualTo(old.appliedGeneration());
    assertThat(row.lastError()).contains("rolled back");
    // Stalled says what the cluster runs now, in Helm's words; the cause stays in last_error
    var reason = fixtures.statusReason(id);
    assertThat(reason.code()).isEqualTo("RolledBack");
    assertThat(reason.message())
        .containsPattern("has been rolled back due to (atomic|rollback-on-failure)");
    assertThat(row.lastError()).containsAnyOf("context deadline exceeded", "timed out");
    assertThat(fixtures.history(id))
        .last()
        .asString()
        .startsWith("reconciling -> failed: upgrade:");
    var container = workload(row).getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getImage()).isEqualTo("nginx:1.27");
    assertThat(revisions(row).getLast().status()).isEqualTo(ReleaseStatus.DEPLOYED);

    // the queue retries; once the pods can become ready the upgrade goes through
    harness.faults().clear();
    step.reconcile(fixtures.claim(id, "retry"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(fixtures.row(id).appliedTemplateId()).isEqualTo(newer);
  }

  @Test
  void aChartThatNeverBecomesReadyTimesOutAndIsReportedFailed() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.folder("never-ready", 3)), 1, "{}");

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "create")))
        .isInstanceOf(ReconcileStepException.class)
        .hasMessageStartingWith("upgrade: install of template")
        .hasMessageContaining("uninstalled");

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(row.appliedTemplateId()).isNull();
    assertThat(row.lastError()).contains("install of template");
    assertThat(revisions(row)).isEmpty();
  }

  @Test
  void aTemplateThatDoesNotRenderIsAPermanentError() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.folder("broken", 5)), 1, "{}");

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "create")))
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessageStartingWith("upgrade: helm upgrade failed")
        .hasMessageContaining("nil pointer");

    assertThat(revisions(fixtures.row(id))).isEmpty();
  }

  @Test
  void aChartRepositoryIsUsedOnlyWithTheDigestItPublishes() throws Exception {
    var server =
        SimpleFileServer.createFileServer(
            new InetSocketAddress("127.0.0.1", 0),
            SampleCharts.ROOT.resolve("repo"),
            SimpleFileServer.OutputLevel.NONE);
    server.start();
    try {
      var ref = "http://127.0.0.1:" + server.getAddress().getPort() + "#webapp";
      var digest = ChartDigests.ofFile(SampleCharts.ROOT.resolve("repo/webapp-0.1.0.tgz"));
      var good = installed(SampleCharts.webapp("0.1.0", 20).withChart(ref, "0.1.0", digest), 1);
      assertThat(fixtures.row(good).status()).isEqualTo(DeploymentStatus.RUNNING);

      var otherDigest = ChartDigests.ofFile(SampleCharts.ROOT.resolve("repo/webapp-0.2.0.tgz"));
      var pinnedWrong =
          fixtures.deployment(
              fixtures.template(
                  SampleCharts.webapp("0.1.0", 20).withChart(ref, "0.1.0", otherDigest)),
              1,
              "{}");

      assertThatThrownBy(() -> step.reconcile(fixtures.claim(pinnedWrong, "create")))
          .isInstanceOf(PermanentReconcileException.class)
          .hasMessageStartingWith("chart: chart digest mismatch");
      assertThat(revisions(fixtures.row(pinnedWrong))).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aReleaseLeftPendingIsLeftAloneWhileAHelmMayStillRunItThenRolledBack() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var row = fixtures.row(id);
    harness.faults().neverReadyMatching(row.namespace(), "app.kubernetes.io/version=1.28");
    var helmProcess = startUpgradeByHand(id, row, "repo/webapp-0.2.0.tgz", "120s");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> revisions(row).getLast().status() == ReleaseStatus.PENDING_UPGRADE);
    helmProcess.kill();
    harness.faults().clear();

    // Just written: a helm started under a lapsed lease (a frozen reconciler) could still run it.
    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "resync")))
        .isInstanceOf(ReleaseBusyException.class)
        .hasMessageContaining("may still run it");
    assertThat(revisions(row).getLast().status()).isEqualTo(ReleaseStatus.PENDING_UPGRADE);

    // Once no helm can still own it (seen from a clock past the quiet period), it is rolled back.
    var later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    var note =
        new StuckReleaseRecovery(helm, Duration.ofSeconds(30), Duration.ofSeconds(10), later)
            .recover(row.release(), row.namespace(), revisions(row), Duration.ofSeconds(20));
    assertThat(note)
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("stuck in pending-upgrade at revision 2; rolled back to revision 1"));
    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(revisions(row).getLast().status()).isEqualTo(ReleaseStatus.DEPLOYED);
  }

  @Test
  void aDeletedDeploymentIsUninstalledItsNamespaceRemovedAndItsRowSoftDeleted() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var row = fixtures.row(id);
    fixtures.delete(id);

    step.reconcile(fixtures.claim(id, "delete"));

    var deleted = fixtures.row(id);
    assertThat(deleted.status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(deleted.deleted()).isTrue();
    assertThat(fixtures.replicas(id)).isEmpty();
    assertThat(harness.client().namespaces().withName(row.namespace()).get()).isNull();
    assertThat(fixtures.history(id))
        .last()
        .isEqualTo("deleting -> deleted: release uninstalled, namespace deleted");

    // a repeated job finds nothing to do
    step.reconcile(fixtures.claim(id, "delete"));
    assertThat(fixtures.history(id)).last().asString().startsWith("deleting -> deleted");
  }

  @Test
  void deletingADeploymentThatWasNeverInstalledSucceeds() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{}");
    fixtures.delete(id);

    step.reconcile(fixtures.claim(id, "delete"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(fixtures.history(id))
        .last()
        .isEqualTo("deleting -> deleted: namespace already gone, nothing to uninstall");
  }

  @Test
  void aNamespaceThatExistsWithoutThePlatformsLabelsFailsTheDeploymentAndSurvivesItsDeletion()
      throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{}");
    var row = fixtures.row(id);
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(row.namespace())
                .addToLabels("team", "payments")
                .endMetadata()
                .build())
        .create();

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "create")))
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessage(
            "namespace: namespace "
                + row.namespace()
                + " exists and was not created by kubedeploy for deployment "
                + row.release());
    // no helm release was stored there (helm could not even look: the namespace has no release
    // identity)
    assertThat(
            harness
                .client()
                .secrets()
                .inNamespace(row.namespace())
                .withLabel("owner", "helm")
                .list()
                .getItems())
        .isEmpty();
    assertThat(harness.client().serviceAccounts().inNamespace(row.namespace()).list().getItems())
        .extracting(account -> account.getMetadata().getName())
        .doesNotContain("kubedeploy-release");

    fixtures.delete(id);
    step.reconcile(fixtures.claim(id, "delete"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(fixtures.history(id))
        .last()
        .asString()
        .endsWith("was not created by kubedeploy for this deployment; left alone");
    assertThat(harness.client().namespaces().withName(row.namespace()).get()).isNotNull();
  }

  @Test
  void objectsChangedOutsideThePlatformAreCorrectedOnResyncAndReported() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 2);
    var row = fixtures.row(id);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(row.namespace())
        .withName(row.release())
        .scale(5);
    harness
        .client()
        .configMaps()
        .inNamespace(row.namespace())
        .withName(row.release())
        .edit(
            map -> {
              map.getData().put("greeting", "tampered");
              return map;
            });
    var driftBefore = counter(ReconcileMetrics.DRIFT_COUNTER);

    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(workload(row).getSpec().getReplicas()).isEqualTo(2);
    assertThat(config(row)).containsEntry("greeting", "hello");
    assertThat(fixtures.history(id))
        .last()
        .asString()
        .startsWith("running -> running: drift corrected:")
        .contains("Deployment/" + row.release() + " spec.replicas: want 2, have 5")
        .contains("ConfigMap/" + row.release() + " data.greeting: want hello, have tampered");
    assertThat(counter(ReconcileMetrics.DRIFT_COUNTER)).isEqualTo(driftBefore + 1);
    assertThat(revisions(row)).hasSize(2);
  }

  @Test
  void aSuspendedDeploymentIsNeitherChangedNorCorrectedUntilResumed() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 2);
    var row = fixtures.row(id);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(row.namespace())
        .withName(row.release())
        .scale(5);
    fixtures.suspend(id, true);
    fixtures.change(
        id, deployment -> deployment.userValuesJson = "{\"config\": {\"greeting\": \"hi\"}}");

    step.reconcile(fixtures.claim(id, "update"));
    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(revisions(row)).hasSize(1);
    assertThat(workload(row).getSpec().getReplicas()).isEqualTo(5);
    assertThat(config(row)).containsEntry("greeting", "hello");
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.PENDING);
    assertThat(fixtures.row(id).appliedGeneration()).isEqualTo(1);
    assertThat(fixtures.revisionOutcomes(id)).containsExactly("1 applied", "2 pending");

    fixtures.suspend(id, false);
    step.reconcile(fixtures.claim(id, "resume"));

    assertThat(config(row)).containsEntry("greeting", "hi");
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(fixtures.revisionOutcomes(id)).containsExactly("1 applied", "2 applied");
  }

  @Test
  void aResyncWithoutDriftLeavesTheReleaseAsItIsAndStartsNoHelmProcess() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var helmBefore = HelmProcesses.started(registry);
    var chartsBefore = stepsRun("chart");
    var valuesBefore = stepsRun("values");

    step.reconcile(fixtures.claim(id, "resync"));
    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(HelmProcesses.started(registry)).isEqualTo(helmBefore);
    // nothing to change: the chart is not resolved nor the values built
    assertThat(stepsRun("chart")).isEqualTo(chartsBefore);
    assertThat(stepsRun("values")).isEqualTo(valuesBefore);
    assertThat(revisions(fixtures.row(id))).hasSize(1);
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(fixtures.replicas(id)).hasSize(1);
  }

  @Test
  void anInstallRunsHelmOnlyForTheUpgrade() throws Exception {
    var upgradesBefore = HelmProcesses.started(registry, "upgrade");
    var versionsBefore = HelmProcesses.started(registry, "version");
    var helmBefore = HelmProcesses.started(registry);

    installed(SampleCharts.webapp("0.1.0", 20), 1);

    var upgrades = HelmProcesses.started(registry, "upgrade") - upgradesBefore;
    // the binary's version is asked once per reconciler, perhaps by this install
    var versions = HelmProcesses.started(registry, "version") - versionsBefore;
    assertThat(upgrades).isEqualTo(1);
    assertThat(HelmProcesses.started(registry) - helmBefore).isEqualTo(upgrades + versions);
  }

  @Test
  void anObjectDeletedInTheClusterIsRecreatedOnResync() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var row = fixtures.row(id);
    harness.client().configMaps().inNamespace(row.namespace()).withName(row.release()).delete();
    var upgradesBefore = HelmProcesses.started(registry, "upgrade");

    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(HelmProcesses.started(registry, "upgrade")).isEqualTo(upgradesBefore + 1);
    assertThat(config(row)).containsEntry("greeting", "hello");
    assertThat(fixtures.history(id))
        .last()
        .asString()
        .contains("drift corrected: ConfigMap/" + row.release() + " missing");
  }

  @Test
  void aReleaseWhoseLastUpgradeFailedIsUpgradedAgainOnResync() throws Exception {
    var id = installed(SampleCharts.webapp("0.1.0", 20), 1);
    var row = fixtures.row(id);
    harness.faults().neverReadyMatching(row.namespace(), "app.kubernetes.io/version=1.28");
    var byHand = startUpgradeByHand(id, row, "repo/webapp-0.2.0.tgz", "2s");
    byHand.awaitExit(Duration.ofSeconds(60));
    harness.faults().clear();
    assertThat(revisions(row).getLast().status()).isEqualTo(ReleaseStatus.FAILED);
    var upgradesBefore = HelmProcesses.started(registry, "upgrade");

    step.reconcile(fixtures.claim(id, "resync"));

    assertThat(HelmProcesses.started(registry, "upgrade")).isEqualTo(upgradesBefore + 1);
    assertThat(revisions(row).getLast().status()).isEqualTo(ReleaseStatus.DEPLOYED);
    assertThat(revisions(row).getLast().description())
        .isEqualTo(HelmReconcileStep.revisionDescription(desiredState.read(id).orElseThrow()));
    assertThat(revisions(row).getLast().chart()).isEqualTo("webapp-0.1.0");
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
  }

  @Test
  void valuesThatViolateTheTemplatesSchemaArePermanentErrors() throws Exception {
    var id =
        fixtures.deployment(
            fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{\"service\": {\"port\": 0}}");

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "create")))
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessageStartingWith("values: values violate the template's values_schema_json");
  }

  private double counter(String name) {
    var counter = registry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A helm upgrade as an operator would run it, with --wait, to be killed while it waits. */
  /**
   * A helm like the reconciler's own, with the values file the reconciler writes (Helm 4 refuses to
   * reuse the platform's explicit nulls, so {@code --reuse-values} cannot stand in for it).
   */
  private RunningProcess startUpgradeByHand(long id, Fixtures.Row row, String chart, String timeout)
      throws Exception {
    var home = Files.createTempDirectory("helm-by-hand");
    var values = home.resolve("values.json");
    new ObjectMapper()
        .writeValue(values.toFile(), ReleaseValues.build(desiredState.read(id).orElseThrow()));
    return Command.of(
            HelmBinary.configuredOrDefault().toString(),
            "upgrade",
            row.release(),
            SampleCharts.ROOT.resolve(chart).toString(),
            "--namespace",
            row.namespace(),
            "--reset-values",
            "--values",
            values.toString(),
            "--wait",
            "--timeout",
            timeout,
            "--kubeconfig",
            harness.kubeconfig().toString())
        .environment(HelmBinary.homeEnvironment(home))
        .start(home.resolve("helm.log"));
  }
}
