package dev.kubedeploy.reconciler.kube;

/**
 * A deployment's namespace exists but the platform did not create it for this deployment: it is
 * never adopted (its RBAC, quota and workloads are someone else's), so only renaming or removing it
 * by hand lets the deployment go on.
 */
public class NamespaceNotOwnedException extends RuntimeException {

  public NamespaceNotOwnedException(String namespace, String deploymentUid) {
    super(
        "namespace "
            + namespace
            + " exists and was not created by kubedeploy for deployment "
            + deploymentUid);
  }
}
