package dev.kubedeploy.reconciler.kube;

/** What applying one desired object did. */
public enum Change {
  CREATED,
  UPDATED,
  UNCHANGED,
  DELETED,
  ABSENT
}
