package dev.kubedeploy.harness.auth;

import java.util.Optional;

/**
 * The identity the API request being served acts as, for the checks that run deep in a write (RBAC
 * escalation). Writes of the simulated controllers have none: they act as the controller manager,
 * which Kubernetes trusts.
 */
public final class Requester {

  private static final ThreadLocal<Identity> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Identity> SENDER = new ThreadLocal<>();

  private Requester() {}

  public static Optional<Identity> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Who sent the request, before any impersonation. */
  public static Optional<Identity> sender() {
    return Optional.ofNullable(SENDER.get());
  }

  /** Sets the identity of the request the current thread serves, until {@link #clear()}. */
  public static void set(Authentication.Caller caller) {
    CURRENT.set(caller.acting());
    SENDER.set(caller.authenticated());
  }

  public static void clear() {
    CURRENT.remove();
    SENDER.remove();
  }
}
