package dev.kubedeploy.harness.auth;

import dev.kubedeploy.harness.resource.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Who a request acts as: the identity of its bearer token (none: {@code system:anonymous}; an
 * unknown one: 401), then, when it carries {@code Impersonate-*} headers and the token's identity
 * may impersonate, the impersonated identity, as kube-apiserver's impersonation filter does.
 */
public final class Authentication {

  private static final String EXTRA_PREFIX = "impersonate-extra-";

  private final Tokens tokens;
  private final Authorizer authorizer;

  public Authentication(Tokens tokens, Authorizer authorizer) {
    this.tokens = tokens;
    this.authorizer = authorizer;
  }

  /**
   * @param headers the request's headers, looked up by name whatever its case
   * @param headerNames every header name the request has
   */
  public Caller identify(Function<String, List<String>> headers, Iterable<String> headerNames) {
    var authenticated = authenticate(first(headers, "Authorization"));
    return new Caller(impersonated(authenticated, headers, headerNames), authenticated);
  }

  /**
   * Who a request acts as, and who sent it: the same identity unless it impersonates (audit logs
   * name both, as {@code user} and {@code impersonatedUser}).
   */
  public record Caller(Identity acting, Identity authenticated) {}

  private Identity authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Identity.anonymous();
    }
    var prefix = "bearer ";
    if (!authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw unauthorized();
    }
    return tokens
        .identify(authorization.substring(prefix.length()).trim())
        .orElseThrow(Authentication::unauthorized);
  }

  private Identity impersonated(
      Identity requester, Function<String, List<String>> headers, Iterable<String> headerNames) {
    var user = first(headers, "Impersonate-User");
    var groups = values(headers, "Impersonate-Group");
    var uid = first(headers, "Impersonate-Uid");
    var extras = new ArrayList<Map.Entry<String, String>>();
    for (var name : headerNames) {
      if (name.toLowerCase(Locale.ROOT).startsWith(EXTRA_PREFIX)) {
        var key = name.substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT);
        values(headers, name).forEach(value -> extras.add(Map.entry(key, value)));
      }
    }
    if (user == null || user.isEmpty()) {
      if (!groups.isEmpty() || uid != null || !extras.isEmpty()) {
        throw new ApiException(
            500,
            "InternalError",
            "Internal error occurred: requested impersonation of groups, uid or extras without impersonating a user");
      }
      return requester;
    }
    var account = Identity.serviceAccount(user);
    var impersonatedGroups = new ArrayList<>(groups);
    if (account.isPresent()) {
      check(
          requester,
          RequestAttributes.resource(
              "impersonate",
              "",
              "serviceaccounts",
              account.get().namespace(),
              account.get().name()));
      if (groups.isEmpty()) {
        impersonatedGroups.add("system:serviceaccounts");
        impersonatedGroups.add("system:serviceaccounts:" + account.get().namespace());
      }
    } else {
      check(requester, RequestAttributes.resource("impersonate", "", "users", "", user));
    }
    for (var group : groups) {
      check(requester, RequestAttributes.resource("impersonate", "", "groups", "", group));
    }
    if (uid != null) {
      check(
          requester,
          RequestAttributes.resource("impersonate", "authentication.k8s.io", "uids", "", uid));
    }
    for (var extra : extras) {
      check(
          requester,
          new RequestAttributes(
              true,
              "",
              "impersonate",
              "authentication.k8s.io",
              "userextras",
              extra.getKey(),
              "",
              extra.getValue()));
    }
    if (!user.equals(Identity.ANONYMOUS_USER)
        && !impersonatedGroups.contains(Identity.AUTHENTICATED)
        && !impersonatedGroups.contains(Identity.UNAUTHENTICATED)) {
      impersonatedGroups.add(Identity.AUTHENTICATED);
    }
    return new Identity(user, uid, impersonatedGroups);
  }

  private void check(Identity requester, RequestAttributes impersonation) {
    authorizer.require(requester, impersonation);
  }

  private static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized");
  }

  private static String first(Function<String, List<String>> headers, String name) {
    var found = headers.apply(name);
    return found == null || found.isEmpty() ? null : found.get(0);
  }

  /** Every value of a header sent several times. */
  private static List<String> values(Function<String, List<String>> headers, String name) {
    var found = headers.apply(name);
    return found == null ? List.of() : List.copyOf(found);
  }
}
