package dev.kubedeploy.reconciler.kube;

import java.time.Duration;

/**
 * The release's RoleBinding exists but the API server still refuses its ServiceAccount: its
 * authorizer has not caught up yet, or the release ClusterRole grants no access to Secrets. A later
 * attempt may find it honoured.
 */
public class ReleaseBindingPendingException extends RuntimeException {

  public ReleaseBindingPendingException(String namespace, Duration timeout, Throwable cause) {
    super(
        "the release ServiceAccount of namespace "
            + namespace
            + " still may not list Secrets "
            + timeout.toSeconds()
            + "s after its RoleBinding was written: "
            + cause.getMessage(),
        cause);
  }
}
