package dev.kubedeploy.reconciler.kube;

/** Whose a deployment's namespace is, as the cluster has it now. */
public enum NamespaceOwnership {
  /** There is no such namespace. */
  ABSENT,
  /** The platform created it for this deployment. */
  OURS,
  /** It exists but someone else made it, or the platform made it for another deployment. */
  FOREIGN
}
