package dev.kubedeploy.harness.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Who a request acts as, the way an authenticator reports it: a user name, an optional uid and
 * groups.
 */
public record Identity(String user, String uid, List<String> groups) {

  public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  public static final String MASTERS = "system:masters";
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String ANONYMOUS_USER = "system:anonymous";

  public Identity {
    groups = List.copyOf(groups);
  }

  /** The identity kubeadm's admin kubeconfig has: it bypasses authorization. */
  public static Identity admin() {
    return new Identity("kubernetes-admin", null, List.of(MASTERS, AUTHENTICATED));
  }

  public static Identity anonymous() {
    return new Identity(ANONYMOUS_USER, null, List.of(UNAUTHENTICATED));
  }

  /**
   * An authenticated user with the groups an authenticator adds: a service account user ({@code
   * system:serviceaccount:NS:NAME}) gets {@code system:serviceaccounts} and {@code
   * system:serviceaccounts:NS}, and every user gets {@code system:authenticated}.
   */
  public static Identity authenticated(String user, List<String> groups) {
    var all = new LinkedHashSet<>(groups);
    serviceAccount(user)
        .ifPresent(
            account -> {
              all.add("system:serviceaccounts");
              all.add("system:serviceaccounts:" + account.namespace());
            });
    all.add(AUTHENTICATED);
    return new Identity(user, null, new ArrayList<>(all));
  }

  /** The namespace and name of a service account user name, if it is one. */
  public static Optional<ServiceAccountName> serviceAccount(String user) {
    if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return Optional.empty();
    }
    var parts = user.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ServiceAccountName(parts[0], parts[1]));
  }

  public boolean bypassesAuthorization() {
    return groups.contains(MASTERS);
  }

  /** A service account's namespace and name. */
  public record ServiceAccountName(String namespace, String name) {}
}
