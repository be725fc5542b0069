package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.helm.ReleaseStatus;
import dev.kubedeploy.reconciler.kube.StoredRelease;

/**
 * What the release's Secrets say of it against the desired state, which decides what a reconcile
 * does (as Flux's helm-controller lets a typed release state pick its one action): install or
 * upgrade when it is absent or out of sync, recover and then upgrade when a killed helm left it
 * locked, and only look for drift when it is in sync.
 */
enum ReleaseState {
  /** No revision: the release is installed. */
  ABSENT,
  /** The newest revision is pending or uninstalling: recovered first, then upgraded. */
  LOCKED,
  /** The newest revision is not this generation's, or did not deploy: upgraded. */
  OUT_OF_SYNC,
  /** The newest revision deployed this generation: upgraded only when its objects drifted. */
  IN_SYNC;

  static ReleaseState of(DesiredDeployment desired, StoredRelease stored) {
    var latest = stored.latest();
    if (latest.isEmpty()) {
      return ABSENT;
    }
    if (StuckReleaseRecovery.isStuck(latest.get().status())) {
      return LOCKED;
    }
    var ours =
        desired.isApplied()
            && latest.get().status() == ReleaseStatus.DEPLOYED
            && HelmReconcileStep.revisionDescription(desired).equals(latest.get().description());
    return ours ? IN_SYNC : OUT_OF_SYNC;
  }
}
