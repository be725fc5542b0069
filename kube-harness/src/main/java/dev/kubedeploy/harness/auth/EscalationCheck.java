package dev.kubedeploy.harness.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * RBAC's escalation prevention: nobody grants permissions they do not hold. A Role or ClusterRole
 * may hold only rules its writer holds (in that namespace, or cluster-wide), unless the writer may
 * {@code escalate} it; a binding may bind only a role whose rules its writer holds, unless the
 * writer may {@code bind} that role. Writes of the simulated controllers are not checked.
 */
public final class EscalationCheck implements Admission {

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final List<PolicyRule> FULL_AUTHORITY =
      List.of(
          new PolicyRule(Set.of("*"), Set.of("*"), Set.of("*"), Set.of(), Set.of()),
          new PolicyRule(Set.of("*"), Set.of(), Set.of(), Set.of(), Set.of("*")));

  private final Authorizer authorizer;

  public EscalationCheck(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public ObjectNode admit(Request request) {
    var type = request.type();
    var requester = Requester.current();
    if (requester.isEmpty()
        || requester.get().bypassesAuthorization()
        || !(type == ResourceCatalog.ROLES
            || type == ResourceCatalog.CLUSTER_ROLES
            || type == ResourceCatalog.ROLE_BINDINGS
            || type == ResourceCatalog.CLUSTER_ROLE_BINDINGS)
        || onlyMetadataChanged(request)) {
      return request.object();
    }
    var identity = requester.get();
    var namespace = type.namespaced() ? request.namespace() : "";
    var name = Json.name(request.object());
    if (type == ResourceCatalog.ROLES || type == ResourceCatalog.CLUSTER_ROLES) {
      var mayEscalate =
          authorizer.allows(
              identity,
              RequestAttributes.resource("escalate", RBAC_GROUP, type.plural(), namespace, name));
      if (mayEscalate) {
        return request.object();
      }
      if (request.object().path("aggregationRule").path("clusterRoleSelectors").size() > 0) {
        requireHeld(
            identity,
            type,
            namespace,
            name,
            FULL_AUTHORITY,
            "must have cluster-admin privileges to use an aggregationRule");
      }
      requireHeld(
          identity,
          type,
          namespace,
          name,
          PolicyRule.parseAll(request.object().path("rules")),
          null);
      return request.object();
    }
    var roleKind = Json.text(request.object(), "roleRef", "kind");
    var roleName = Json.text(request.object(), "roleRef", "name");
    var roleResource = "ClusterRole".equals(roleKind) ? "clusterroles" : "roles";
    if (authorizer.allows(
        identity,
        RequestAttributes.resource("bind", RBAC_GROUP, roleResource, namespace, roleName))) {
      return request.object();
    }
    var roleRules = authorizer.index().roleRules(roleKind, roleName, namespace);
    if (roleRules == null) {
      throw ApiException.forbidden(type, name, RbacIndex.missingRole(roleKind, roleName));
    }
    requireHeld(identity, type, namespace, name, roleRules, null);
    return request.object();
  }

  private void requireHeld(
      Identity identity,
      ResourceType type,
      String namespace,
      String name,
      List<PolicyRule> granted,
      String refusal) {
    var held = authorizer.index().rulesFor(identity, namespace);
    var missing = new ArrayList<PolicyRule>();
    for (var rule : granted) {
      for (var atom : rule.atoms()) {
        if (held.rules().stream().noneMatch(h -> h.covers(atom)) && !missing.contains(atom)) {
          missing.add(atom);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (refusal != null) {
      throw ApiException.forbidden(type, name, refusal);
    }
    var groups =
        identity.groups().stream()
            .map(g -> "\"" + g + "\"")
            .collect(Collectors.joining(" ", "[", "]"));
    var errors =
        held.errors().isEmpty()
            ? ""
            : "; resolution errors: " + Authorizer.aggregate(held.errors());
    throw ApiException.forbidden(
        type,
        name,
        "user \"%s\" (groups=%s) is attempting to grant RBAC permissions not currently held:\n%s%s"
            .formatted(
                identity.user(),
                groups,
                missing.stream().map(PolicyRule::compact).collect(Collectors.joining("\n")),
                errors));
  }

  /** Changes that grant nothing new (labels, finalizers, owners) are not checked, as in RBAC. */
  private static boolean onlyMetadataChanged(Request request) {
    if (request.old() == null) {
      return false;
    }
    var before = request.old().deepCopy();
    var after = request.object().deepCopy();
    before.remove("metadata");
    after.remove("metadata");
    return before.equals(after);
  }
}
