package dev.kubedeploy.reconciler.queue;

/**
 * The reasons that ask for a reconcile even when the deployment's newest generation is applied: the
 * cluster may have drifted, or someone asked to try again.
 */
public final class JobReason {

  /** Queued by the periodic resync: compare the cluster with the desired state. */
  public static final String RESYNC = "resync";

  /** Queued by a user's or an admin's request to try a failed deployment again. */
  public static final String RETRY = "retry";

  private JobReason() {}
}
