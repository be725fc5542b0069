package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StuckReleaseRecoveryTest {

  private static ReleaseRevision revision(int number, ReleaseStatus status) {
    return revision(number, status, null);
  }

  private static ReleaseRevision revision(int number, ReleaseStatus status, Instant updated) {
    return new ReleaseRevision(
        number, status, "webapp-0.1.0", "1.0", "", updated == null ? null : updated.toString());
  }

  @Test
  void aPendingRevisionAHelmMayStillRunIsLeftAloneAndTheAttemptDeferred() {
    var now = Instant.parse("2026-12-03T10:00:00Z");
    var recovery =
        new StuckReleaseRecovery(
            null, Duration.ofSeconds(30), Duration.ofSeconds(10), Clock.fixed(now, ZoneOffset.UTC));
    var history =
        List.of(
            revision(1, ReleaseStatus.DEPLOYED),
            revision(2, ReleaseStatus.PENDING_UPGRADE, now.minusSeconds(60)));

    // Within the lease (30 s) plus two health timeouts (2 x 60 s) plus the grace (10 s): helm,
    // here null, is never called.
    assertThatThrownBy(() -> recovery.recover("r", "ns", history, Duration.ofSeconds(60)))
        .isInstanceOf(ReleaseBusyException.class)
        .hasMessageContaining("pending-upgrade at revision 2");
  }

  @Test
  void anInterruptedUninstallCountsAsStuck() {
    assertThat(StuckReleaseRecovery.isStuck(ReleaseStatus.UNINSTALLING)).isTrue();
    assertThat(StuckReleaseRecovery.isStuck(ReleaseStatus.PENDING_INSTALL)).isTrue();
    assertThat(StuckReleaseRecovery.isStuck(ReleaseStatus.FAILED)).isFalse();
    assertThat(StuckReleaseRecovery.isStuck(ReleaseStatus.DEPLOYED)).isFalse();
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
