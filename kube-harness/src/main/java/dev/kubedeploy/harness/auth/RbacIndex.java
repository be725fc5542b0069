package dev.kubedeploy.harness.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import dev.kubedeploy.harness.store.StoreEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Roles, ClusterRoles and their bindings, indexed from the store's change feed by the subjects they
 * name, so that authorizing a request looks at the bindings of its user and groups only, never at
 * every stored object. ClusterRoles with an {@code aggregationRule} get the rules of the
 * ClusterRoles their selectors match, as the aggregation controller would write them.
 */
public final class RbacIndex {

  /** A RoleBinding (namespace set) or ClusterRoleBinding (namespace empty). */
  record Binding(String namespace, String roleKind, String roleName) {}

  /**
   * The rules that apply to a subject in a namespace, and the roles bindings name but are missing.
   */
  public record Rules(List<PolicyRule> rules, List<String> errors) {}

  private final Map<String, List<PolicyRule>> roles = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> clusterRoles = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Binding> bindings = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> bySubject = new ConcurrentHashMap<>();
  private volatile Map<String, List<PolicyRule>> clusterRoleRules = new ConcurrentHashMap<>();

  /** Keeps the index current; register it before anything is stored. */
  public void apply(StoreEvent event) {
    var type = event.resource();
    if (type == ResourceCatalog.ROLES) {
      var key = event.key().namespace() + "/" + event.key().name();
      if (event.type() == StoreEvent.Type.DELETED) {
        roles.remove(key);
      } else {
        roles.put(key, PolicyRule.parseAll(event.object().path("rules")));
      }
    } else if (type == ResourceCatalog.CLUSTER_ROLES) {
      if (event.type() == StoreEvent.Type.DELETED) {
        clusterRoles.remove(event.key().name());
      } else {
        clusterRoles.put(event.key().name(), event.object());
      }
      clusterRoleRules = new ConcurrentHashMap<>();
    } else if (type == ResourceCatalog.ROLE_BINDINGS
        || type == ResourceCatalog.CLUSTER_ROLE_BINDINGS) {
      var key = event.key();
      if (event.previous() != null) {
        subjectKeys(event.previous()).forEach(s -> unindex(s, key));
      }
      if (event.type() == StoreEvent.Type.DELETED) {
        bindings.remove(key);
        return;
      }
      var object = event.object();
      var namespace = type == ResourceCatalog.ROLE_BINDINGS ? key.namespace() : "";
      bindings.put(
          key,
          new Binding(
              namespace,
              Json.text(object, "roleRef", "kind"),
              Json.text(object, "roleRef", "name")));
      subjectKeys(object)
          .forEach(s -> bySubject.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(key));
    }
  }

  /**
   * The rules granted to {@code identity} in {@code namespace} ("" for the cluster scope, where
   * only ClusterRoleBindings count).
   */
  public Rules rulesFor(Identity identity, String namespace) {
    var rules = new ArrayList<PolicyRule>();
    var errors = new ArrayList<String>();
    var seen = new HashSet<ObjectKey>();
    for (var subject : subjectKeysOf(identity)) {
      for (var key : bySubject.getOrDefault(subject, Set.of())) {
        var binding = bindings.get(key);
        if (binding == null || !seen.add(key)) {
          continue;
        }
        if (!binding.namespace().isEmpty() && !binding.namespace().equals(namespace)) {
          continue;
        }
        var granted = roleRules(binding.roleKind(), binding.roleName(), binding.namespace());
        if (granted == null) {
          errors.add(missingRole(binding.roleKind(), binding.roleName()));
        } else {
          rules.addAll(granted);
        }
      }
    }
    return new Rules(rules, errors);
  }

  /** The rules of a role a binding refers to, or null when it does not exist. */
  public List<PolicyRule> roleRules(String kind, String name, String bindingNamespace) {
    if ("ClusterRole".equals(kind)) {
      return clusterRoleRules(name, new HashSet<>());
    }
    if ("Role".equals(kind)) {
      return roles.get(bindingNamespace + "/" + name);
    }
    return null;
  }

  public static String missingRole(String kind, String name) {
    return "%s.rbac.authorization.k8s.io \"%s\" not found"
        .formatted("ClusterRole".equals(kind) ? "clusterrole" : "role", name);
  }

  private List<PolicyRule> clusterRoleRules(String name, Set<String> visiting) {
    var cached = clusterRoleRules.get(name);
    if (cached != null) {
      return cached;
    }
    var role = clusterRoles.get(name);
    if (role == null) {
      return null;
    }
    var selectors = role.path("aggregationRule").path("clusterRoleSelectors");
    List<PolicyRule> rules;
    if (selectors.isArray() && !selectors.isEmpty() && visiting.add(name)) {
      var aggregated = new LinkedHashSet<PolicyRule>();
      for (var other : clusterRoles.values()) {
        var otherName = Json.name(other);
        if (!otherName.equals(name) && matchesAny(selectors, other)) {
          var otherRules = clusterRoleRules(otherName, visiting);
          if (otherRules != null) {
            aggregated.addAll(otherRules);
          }
        }
      }
      rules = List.copyOf(aggregated);
    } else {
      rules = PolicyRule.parseAll(role.path("rules"));
    }
    clusterRoleRules.put(name, rules);
    return rules;
  }

  private static boolean matchesAny(JsonNode selectors, ObjectNode role) {
    var labels = Json.labels(role);
    for (var selector : selectors) {
      if (LabelSelector.fromSpec(selector).matches(labels)) {
        return true;
      }
    }
    return false;
  }

  private void unindex(String subject, ObjectKey key) {
    var keys = bySubject.get(subject);
    if (keys != null) {
      keys.remove(key);
    }
  }

  private static List<String> subjectKeysOf(Identity identity) {
    var keys = new ArrayList<String>();
    keys.add("User:" + identity.user());
    identity.groups().forEach(group -> keys.add("Group:" + group));
    return keys;
  }

  /** A ServiceAccount subject is the user {@code system:serviceaccount:NS:NAME}. */
  private static List<String> subjectKeys(JsonNode binding) {
    var keys = new ArrayList<String>();
    for (var subject : binding.path("subjects")) {
      var kind = subject.path("kind").asText();
      var name = subject.path("name").asText();
      switch (kind) {
        case "User" -> keys.add("User:" + name);
        case "Group" -> keys.add("Group:" + name);
        case "ServiceAccount" -> {
          var namespace = subject.path("namespace").asText(Json.namespace(binding));
          keys.add("User:" + Identity.SERVICE_ACCOUNT_PREFIX + namespace + ":" + name);
        }
        default -> {}
      }
    }
    return keys;
  }
}
