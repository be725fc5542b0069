package dev.kubedeploy.api.deployment;

import dev.kubedeploy.model.PersistentEnum;

/** Why a reconcile is asked for without a desired change; shown in the API as lowercase. */
public enum ReconcileMode implements PersistentEnum {
  /** Try again after a failure: a failed deployment goes back to pending. */
  RETRY,
  /** Re-apply the desired state, e.g. after someone changed the cluster by hand. */
  RESYNC
}
