package dev.kubedeploy.reconciler.helm;

import java.util.Arrays;
import java.util.Locale;

/**
 * The status of a Helm release revision, as Helm 3 and 4 write it (e.g. {@code pending-upgrade}).
 */
public enum ReleaseStatus {
  UNKNOWN,
  DEPLOYED,
  UNINSTALLED,
  SUPERSEDED,
  FAILED,
  UNINSTALLING,
  PENDING_INSTALL,
  PENDING_UPGRADE,
  PENDING_ROLLBACK;

  /** An operation started and never finished: its process died, and Helm refuses the next one. */
  public boolean isPending() {
    return this == PENDING_INSTALL || this == PENDING_UPGRADE || this == PENDING_ROLLBACK;
  }

  public String helmName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ReleaseStatus ofHelmName(String name) {
    return Arrays.stream(values())
        .filter(status -> status.helmName().equals(name))
        .findFirst()
        .orElse(UNKNOWN);
  }
}
