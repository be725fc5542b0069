package dev.kubedeploy.harness.auth;

import dev.kubedeploy.harness.resource.ApiException;
import java.util.List;

/**
 * The RBAC authorizer: a request is allowed when a rule of a role bound to its user or one of its
 * groups allows it; {@code system:masters} is allowed everything, as kube-apiserver's
 * privileged-group authorizer does before RBAC is asked.
 */
public final class Authorizer {

  /** Whether a request is allowed, and why not when it is not (roles that bindings miss). */
  public record Decision(boolean allowed, String reason) {}

  private final RbacIndex index;

  public Authorizer(RbacIndex index) {
    this.index = index;
  }

  public RbacIndex index() {
    return index;
  }

  public Decision authorize(Identity identity, RequestAttributes request) {
    if (identity.bypassesAuthorization()) {
      return new Decision(true, "");
    }
    var granted = index.rulesFor(identity, request.namespace());
    for (var rule : granted.rules()) {
      if (rule.allows(request)) {
        return new Decision(true, "");
      }
    }
    var reason = granted.errors().isEmpty() ? "" : "RBAC: " + aggregate(granted.errors());
    return new Decision(false, reason);
  }

  public boolean allows(Identity identity, RequestAttributes request) {
    return authorize(identity, request).allowed();
  }

  /** Throws the 403 kube-apiserver answers when {@code identity} may not do {@code request}. */
  public void require(Identity identity, RequestAttributes request) {
    var decision = authorize(identity, request);
    if (!decision.allowed()) {
      throw forbidden(identity, request, decision.reason());
    }
  }

  public static ApiException forbidden(
      Identity identity, RequestAttributes request, String reason) {
    var cause = request.refusal(identity.user());
    if (!reason.isEmpty()) {
      cause = cause + ": " + reason;
    }
    return ApiException.forbidden(request.apiGroup(), request.resource(), request.name(), cause);
  }

  /** Several errors the way Go's error aggregate prints them: one bare, more in brackets. */
  static String aggregate(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
  }
}
