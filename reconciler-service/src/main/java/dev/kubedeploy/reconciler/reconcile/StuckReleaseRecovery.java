package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Step 6: a helm process killed during an install, upgrade or rollback leaves the release in a
 * {@code pending-*} state, and Helm refuses every later operation with "another operation is in
 * progress". The queue's lease guarantees that no other operation really runs: this worker holds
 * the lease, and the worker that held it before killed its helm before its lease could expire (the
 * queue's watchdog gives a job up a safety margin early when it cannot renew, and shutdown releases
 * a job only after its helm exited). So such a release is rolled back to its last deployed
 * revision, or uninstalled when it never had one.
 */
@ApplicationScoped
public class StuckReleaseRecovery {

  private static final Logger LOG = Logger.getLogger(StuckReleaseRecovery.class);

  private final HelmCli helm;

  StuckReleaseRecovery(HelmCli helm) {
    this.helm = helm;
  }

  /**
   * Recovers the release when its newest revision is pending.
   *
   * @return what was done, for the history; empty when the release was not stuck
   */
  public Optional<String> recover(
      String release, String namespace, List<ReleaseRevision> history, Duration timeout) {
    var latest = history.stream().max(Comparator.comparingInt(ReleaseRevision::revision));
    if (latest.isEmpty() || !latest.get().status().isPending()) {
      return Optional.empty();
    }
    var stuck = latest.get();
    var target = lastGood(history, stuck.revision());
    String note;
    if (target.isPresent()) {
      helm.rollback(release, namespace, target.get().revision(), timeout);
      note =
          "release was stuck in "
              + stuck.status().helmName()
              + " at revision "
              + stuck.revision()
              + "; rolled back to revision "
              + target.get().revision();
    } else {
      helm.uninstall(release, namespace, timeout);
      note =
          "release was stuck in "
              + stuck.status().helmName()
              + " at revision "
              + stuck.revision()
              + " with no deployed revision; uninstalled";
    }
    LOG.warnf("%s/%s: %s", namespace, release, note);
    return Optional.of(note);
  }

  /** The newest revision before {@code stuck} that ran: deployed, or superseded by a later one. */
  static Optional<ReleaseRevision> lastGood(List<ReleaseRevision> history, int stuck) {
    return history.stream()
        .filter(revision -> revision.revision() < stuck)
        .filter(
            revision ->
                revision.status() == ReleaseStatus.DEPLOYED
                    || revision.status() == ReleaseStatus.SUPERSEDED)
        .max(Comparator.comparingInt(ReleaseRevision::revision));
  }
}
