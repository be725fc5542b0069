package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.reconciler.kube.ObservedRelease;
import dev.kubedeploy.reconciler.kube.ObservedReplica;
import dev.kubedeploy.reconciler.queue.LeaseLostException;
import dev.kubedeploy.reconciler.queue.ReconcileRequest;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result writes of the step, against a real database: fenced and generation-aware. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessResource.class, restrictToAnnotatedClass = true)
class StatusWriterTest {

  @Inject Fixtures fixtures;
  @Inject DesiredStateReader reader;
  @Inject StatusWriter writer;

  private static final ObservedRelease TWO_PODS =
      new ObservedRelease(
          List.of(
              new ObservedReplica(
                  "web-a", "node-1", "containerd://a", ReplicaStatus.RUNNING, Instant.now()),
              new ObservedReplica(
                  "web-b", "node-1", "containerd://b", ReplicaStatus.STARTING, null)),
          2,
          1);

  private long newDeployment() {
    var template =
        fixtures.template(new Fixtures.TemplateSpec("webapp", "0.1.0", null, "{}", null, "{}", 5));
    return fixtures.deployment(template, 2, "{}");
  }

  @Test
  void anAppliedGenerationIsRecordedWithItsReplicasAndStatus() {
    var id = newDeployment();
    var request = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();

    writer.startReconciling(request, desired);
    writer.recordApplied(request, desired, TWO_PODS, List.of());

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(row.appliedTemplateId()).isEqualTo(desired.template().id());
    assertThat(row.appliedGeneration()).isEqualTo(desired.generation());
    assertThat(row.reconciledAtSet()).isTrue();
    assertThat(fixtures.replicas(id))
        .extracting(replica -> replica.podName + " " + replica.status.value())
        .containsExactly("web-a running", "web-b starting");
    assertThat(fixtures.history(id))
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly("none -> pending", "pending -> reconciling", "reconciling -> running");
  }

  @Test
  void applyingAGenerationSupersedesTheOlderOnesNeverApplied() {
    var id = newDeployment();
    fixtures.change(id, deployment -> deployment.targetReplicas = 3);
    var request = fixtures.claim(id, "update");
    var desired = reader.read(id).orElseThrow();

    writer.recordApplied(request, desired, TWO_PODS, List.of());

    assertThat(fixtures.revisionOutcomes(id)).containsExactly("1 superseded", "2 applied");
  }

  @Test
  void aFailedRolloutMarksItsRevisionFailedUntilARetryAppliesIt() {
    var id = newDeployment();
    var request = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();

    writer.recordFailedRollout(request, desired, "upgrade: rolled back");
    assertThat(fixtures.revisionOutcomes(id)).containsExactly("1 failed");

    writer.recordApplied(fixtures.claim(id, "retry"), desired, TWO_PODS, List.of());
    assertThat(fixtures.revisionOutcomes(id)).containsExactly("1 applied");
  }

  @Test
  void aPodThatWentAwayIsKeptAsStoppedWithTheTimeItWasFoundGone() {
    var id = newDeployment();
    var desired = reader.read(id).orElseThrow();
    writer.recordApplied(fixtures.claim(id, "create"), desired, TWO_PODS, List.of());
    var onePod = new ObservedRelease(List.of(TWO_PODS.replicas().getFirst()), 2, 1);

    writer.recordApplied(fixtures.claim(id, "resync"), desired, onePod, List.of());

    assertThat(fixtures.replicas(id))
        .extracting(
            replica ->
                replica.podName + " " + replica.status.value() + " " + (replica.stoppedAt != null))
        .containsExactly("web-a running false", "web-b stopped true");

    writer.recordApplied(fixtures.claim(id, "resync"), desired, TWO_PODS, List.of());
    assertThat(fixtures.replicas(id))
        .extracting(replica -> replica.podName + " " + (replica.stoppedAt != null))
        .containsExactly("web-a false", "web-b false");
  }

  @Test
  void aNewerDesiredChangeKeepsItsPendingStatusWhileTheAppliedFactsAreRecorded() {
    var id = newDeployment();
    var request = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();
    writer.startReconciling(request, desired);

    // the API changes the deployment while helm runs
    fixtures.change(id, deployment -> deployment.targetReplicas = 3);
    writer.recordApplied(request, desired, TWO_PODS, List.of());

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.PENDING);
    assertThat(row.generation()).isEqualTo(desired.generation() + 1);
    assertThat(row.appliedGeneration()).isEqualTo(desired.generation());
    assertThat(fixtures.replicas(id)).hasSize(2);
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverWritesNothing() {
    var id = newDeployment();
    var request = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();
    fixtures.loseLease(request);

    assertThatThrownBy(() -> writer.recordApplied(request, desired, TWO_PODS, List.of()))
        .isInstanceOf(LeaseLostException.class);

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.PENDING);
    assertThat(row.appliedGeneration()).isNull();
    assertThat(fixtures.replicas(id)).isEmpty();
  }

  @Test
  void driftFoundOnAResyncIsReportedInTheHistoryWithoutAStatusChange() {
    var id = newDeployment();
    var request = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();
    writer.recordApplied(request, desired, TWO_PODS, List.of());

    writer.recordApplied(
        request, desired, TWO_PODS, List.of("drift corrected: Deployment/web spec.replicas"));

    assertThat(fixtures.history(id))
        .last()
        .isEqualTo("running -> running: drift corrected: Deployment/web spec.replicas");
  }

  @Test
  void aFailedRolloutOfAResyncShowsTheErrorButKeepsTheStatus() {
    var id = newDeployment();
    var create = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();
    writer.recordApplied(create, desired, TWO_PODS, List.of());
    var resync = fixtures.claim(id, "resync");

    writer.recordFailedRollout(resync, desired, "UPGRADE FAILED: context deadline exceeded");

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(row.lastError()).isEqualTo("UPGRADE FAILED: context deadline exceeded");
  }

  @Test
  void aStaleRequestOfTheSameJobAndOwnerWritesNothing() {
    var id = newDeployment();
    var stale = fixtures.claim(id, "create");
    var desired = reader.read(id).orElseThrow();
    var current =
        new ReconcileRequest(
            stale.jobId(),
            stale.deploymentId(),
            stale.reason(),
            stale.attempt(),
            stale.owner(),
            stale.claimEpoch() + 1);
    fixtures.reclaim(current);

    assertThatThrownBy(() -> writer.recordApplied(stale, desired, TWO_PODS, List.of()))
        .isInstanceOf(LeaseLostException.class);
    assertThat(fixtures.row(id).appliedGeneration()).isNull();
  }
}
