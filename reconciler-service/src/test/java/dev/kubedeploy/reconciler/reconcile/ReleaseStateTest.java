package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import dev.kubedeploy.reconciler.kube.StoredRelease;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseStateTest {

  private static final DesiredDeployment.Template TEMPLATE =
      new DesiredDeployment.Template(12, "2.0", "webapp", "0.2.0", null, "{}", null, "{}", 5);

  /** Generation 4 of template 12, applied when {@code appliedGeneration} is 4. */
  private static DesiredDeployment generation4(Long appliedGeneration) {
    return new DesiredDeployment(
        1,
        "web-a-1",
        "web-a-1",
        "web-a-1",
        DeploymentStatus.RUNNING,
        4,
        1,
        null,
        "{}",
        "acme",
        "web",
        TEMPLATE,
        Optional.empty(),
        12L,
        appliedGeneration,
        SecretValues.none());
  }

  private static StoredRelease newest(ReleaseStatus status, String description) {
    return new StoredRelease(
        List.of(
            new ReleaseRevision(1, ReleaseStatus.SUPERSEDED, "webapp-0.1.0", "", "old", null),
            new ReleaseRevision(2, status, "webapp-0.2.0", "", description, null)),
        "");
  }

  @Test
  void aReleaseWithoutRevisionsIsAbsent() {
    assertThat(ReleaseState.of(generation4(null), StoredRelease.NONE))
        .isEqualTo(ReleaseState.ABSENT);
  }

  @Test
  void aPendingOrUninstallingNewestRevisionIsLockedWhateverItsDescription() {
    var applied = generation4(4L);
    var ours = HelmReconcileStep.revisionDescription(applied);

    assertThat(ReleaseState.of(applied, newest(ReleaseStatus.PENDING_UPGRADE, ours)))
        .isEqualTo(ReleaseState.LOCKED);
    assertThat(ReleaseState.of(applied, newest(ReleaseStatus.UNINSTALLING, ours)))
        .isEqualTo(ReleaseState.LOCKED);
  }

  @Test
  void onlyADeployedRevisionOfThisAppliedGenerationIsInSync() {
    var applied = generation4(4L);
    var ours = HelmReconcileStep.revisionDescription(applied);

    assertThat(ReleaseState.of(applied, newest(ReleaseStatus.DEPLOYED, ours)))
        .isEqualTo(ReleaseState.IN_SYNC);
    // a failed upgrade, a rollback or a hand-made upgrade, and a generation not applied yet
    assertThat(ReleaseState.of(applied, newest(ReleaseStatus.FAILED, ours)))
        .isEqualTo(ReleaseState.OUT_OF_SYNC);
    assertThat(ReleaseState.of(applied, newest(ReleaseStatus.DEPLOYED, "Rollback to 1")))
        .isEqualTo(ReleaseState.OUT_OF_SYNC);
    assertThat(ReleaseState.of(generation4(3L), newest(ReleaseStatus.DEPLOYED, ours)))
        .isEqualTo(ReleaseState.OUT_OF_SYNC);
  }
}
