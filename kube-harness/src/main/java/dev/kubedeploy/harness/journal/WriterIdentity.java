package dev.kubedeploy.harness.journal;

import dev.kubedeploy.harness.auth.Identity;
import dev.kubedeploy.harness.auth.Requester;

/**
 * Who made a write, for the {@link ReleaseWriteJournal}: the one place that decides how a write is
 * attributed. It is the user the request authenticated as (a token from {@code
 * KubeHarness#kubeconfigFor}), before any impersonation: helm run by a reconciler acts as the
 * release's ServiceAccount, but the process that wrote is the reconciler's. A test that wants
 * writes told apart gives each client an identity of its own. The journal hears of a write from the
 * store, on the thread that serves the request, where the request's {@link Requester} is still set.
 */
public final class WriterIdentity {

  /** The writer of changes no request made: the simulated controllers and garbage collector. */
  public static final String CLUSTER = "kube-harness";

  private WriterIdentity() {}

  /** The user of the request this thread serves, or {@link #CLUSTER} outside of a request. */
  public static String current() {
    return Requester.sender().map(Identity::user).orElse(CLUSTER);
  }
}
