package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class StuckReleaseRecoveryTest {

  private static ReleaseRevision revision(int number, ReleaseStatus status) {
    return new ReleaseRevision(number, status, "webapp-0.1.0", "1.0", "");
  }

  @Test
  void aStuckUpgradeGoesBackToTheRevisionThatWasDeployed() {
    var history =
        List.of(
            revision(1, ReleaseStatus.SUPERSEDED),
            revision(2, ReleaseStatus.DEPLOYED),
            revision(3, ReleaseStatus.PENDING_UPGRADE));

    assertThat(StuckReleaseRecovery.lastGood(history, 3)).contains(history.get(1));
  }

  @Test
  void failedRevisionsAreNoPlaceToGoBackTo() {
    var history =
        List.of(
            revision(1, ReleaseStatus.SUPERSEDED),
            revision(2, ReleaseStatus.FAILED),
            revision(3, ReleaseStatus.PENDING_ROLLBACK));

    assertThat(StuckReleaseRecovery.lastGood(history, 3)).contains(history.getFirst());
  }

  @Test
  void aStuckFirstInstallHasNothingToGoBackTo() {
    assertThat(
            StuckReleaseRecovery.lastGood(List.of(revision(1, ReleaseStatus.PENDING_INSTALL)), 1))
        .isEmpty();
  }
}
