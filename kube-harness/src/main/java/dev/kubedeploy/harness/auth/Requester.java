package dev.kubedeploy.harness.auth;

import java.util.Optional;

/**
 * The identity the API request being served acts as, for the checks that run deep in a write (RBAC
 * escalation). Writes of the simulated controllers have none: they act as the controller manager,
 * which Kubernetes trusts.
 */
public final class Requester {

  private static final ThreadLocal<Identity> CURRENT = new ThreadLocal<>();

  private Requester() {}

  public static Optional<Identity> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Sets the identity of the request the current thread serves, until {@link #clear()}. */
  public static void set(Identity identity) {
    CURRENT.set(identity);
  }

  public static void clear() {
    CURRENT.remove();
  }
}
