package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.HelmConfig;
import dev.kubedeploy.reconciler.helm.ReleaseRevision;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import dev.kubedeploy.reconciler.queue.FailureReason;
import dev.kubedeploy.reconciler.queue.QueueConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Step 6: a helm process killed during an install, upgrade or rollback leaves the release in a
 * {@code pending-*} state, and Helm refuses every later operation with "another operation is in
 * progress". Such a release is rolled back to its last deployed revision, or uninstalled when it
 * never had one (a release with a deployed revision is never uninstalled). A helm killed during an
 * uninstall (a delete, or the rollback of a failed first install) leaves it {@code uninstalling},
 * and every later upgrade fails with "has no deployed releases": that uninstall is finished.
 *
 * <p>The queue's watchdog kills a worker's helm before its lease can expire, but a frozen JVM
 * (SIGSTOP, a long pause) cannot, and its helm child runs on. So a pending revision is only
 * recovered once no helm started under an earlier lease can still be running: Helm's own waits end
 * by themselves, so that is the lease plus the longest helm process deadline (two health timeouts,
 * an upgrade's wait and its rollback's, plus the deadline grace) after Helm last wrote the
 * revision. Until then the attempt fails as busy and the queue retries it later.
 */
@ApplicationScoped
public class StuckReleaseRecovery {

  private static final Logger LOG = Logger.getLogger(StuckReleaseRecovery.class);

  private final HelmCli helm;
  private final Duration lease;
  private final Duration deadlineGrace;
  private final Clock clock;

  @Inject
  StuckReleaseRecovery(HelmCli helm, QueueConfig queue, HelmConfig config) {
    this(helm, queue.lease().duration(), config.deadlineGrace(), Clock.systemUTC());
  }

  StuckReleaseRecovery(HelmCli helm, Duration lease, Duration deadlineGrace, Clock clock) {
    this.helm = helm;
    this.lease = lease;
    this.deadlineGrace = deadlineGrace;
    this.clock = clock;
  }

  /**
   * Recovers the release when its newest revision is pending.
   *
   * @return what was done, for the history; empty when the release was not stuck
   */
  public Optional<String> recover(
      String release, String namespace, List<ReleaseRevision> history, Duration timeout) {
    var latest = history.stream().max(Comparator.comparingInt(ReleaseRevision::revision));
    if (latest.isEmpty() || !isStuck(latest.get().status())) {
      return Optional.empty();
    }
    var stuck = latest.get();
    var quietFrom = stuck.updatedAt().map(at -> at.plus(mayStillRun(timeout)));
    if (quietFrom.isPresent() && clock.instant().isBefore(quietFrom.get())) {
      throw new ReleaseBusyException(
          "release "
              + release
              + " is "
              + stuck.status().helmName()
              + " at revision "
              + stuck.revision()
              + " since "
              + stuck.updatedAt().get()
              + ": a helm started under an earlier lease may still run it; recovering it after "
              + quietFrom.get());
    }
    var target =
        stuck.status() == ReleaseStatus.UNINSTALLING
            ? Optional.<ReleaseRevision>empty()
            : lastGood(history, stuck.revision());
    String note;
    if (target.isPresent()) {
      helm.rollback(release, namespace, target.get().revision(), timeout);
      note =
          "release was stuck in "
              + stuck.status().helmName()
              + " at revision "
              + stuck.revision()
              + FailureReason.ROLLED_BACK_BY_RECOVERY
              + target.get().revision();
    } else {
      helm.uninstall(release, namespace, timeout);
      note =
          "release was stuck in "
              + stuck.status().helmName()
              + " at revision "
              + stuck.revision()
              + (stuck.status() == ReleaseStatus.UNINSTALLING ? "" : " with no deployed revision")
              + "; uninstalled";
    }
    LOG.warnf("%s/%s: %s", namespace, release, note);
    return Optional.of(note);
  }

  /** A status only an interrupted helm operation leaves behind. */
  static boolean isStuck(ReleaseStatus status) {
    return status.isPending() || status == ReleaseStatus.UNINSTALLING;
  }

  /** How long after its last write a pending revision may still belong to a running helm. */
  Duration mayStillRun(Duration healthTimeout) {
    return lease.plus(healthTimeout.multipliedBy(2)).plus(deadlineGrace);
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
