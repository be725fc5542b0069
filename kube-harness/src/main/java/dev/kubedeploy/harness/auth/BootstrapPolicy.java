package dev.kubedeploy.harness.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ClusterRoles and ClusterRoleBindings a new cluster has, reduced to the API the harness
 * serves: {@code cluster-admin} for {@code system:masters}; discovery, health and version for every
 * authenticated user (and health and version for anonymous ones); and the user-facing {@code
 * admin}, {@code edit} and {@code view} roles, aggregated from labelled ClusterRoles as in
 * Kubernetes.
 */
public final class BootstrapPolicy {

  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> WRITE =
      List.of("create", "delete", "deletecollection", "patch", "update");
  private static final String AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";

  /** The objects to create, in order, as (ClusterRole or ClusterRoleBinding) objects. */
  public record Objects(List<ObjectNode> clusterRoles, List<ObjectNode> clusterRoleBindings) {}

  private BootstrapPolicy() {}

  public static Objects objects() {
    var roles = new ArrayList<ObjectNode>();
    var bindings = new ArrayList<ObjectNode>();
    var admin = role("cluster-admin", Map.of());
    rule(admin, List.of("*"), List.of("*"), List.of("*"));
    nonResource(admin, List.of("*"), List.of("*"));
    roles.add(admin);
    bindings.add(binding("cluster-admin", "cluster-admin", Identity.MASTERS));

    var discovery = role("system:discovery", Map.of());
    nonResource(
        discovery,
        List.of("get"),
        List.of(
            "/api",
            "/api/*",
            "/apis",
            "/apis/*",
            "/healthz",
            "/livez",
            "/openapi",
            "/openapi/*",
            "/readyz",
            "/version",
            "/version/"));
    roles.add(discovery);
    bindings.add(binding("system:discovery", "system:discovery", Identity.AUTHENTICATED));

    var publicInfo = role("system:public-info-viewer", Map.of());
    nonResource(
        publicInfo,
        List.of("get"),
        List.of("/healthz", "/livez", "/readyz", "/version", "/version/"));
    roles.add(publicInfo);
    bindings.add(
        binding(
            "system:public-info-viewer",
            "system:public-info-viewer",
            Identity.AUTHENTICATED,
            Identity.UNAUTHENTICATED));

    var basicUser = role("system:basic-user", Map.of());
    rule(
        basicUser,
        List.of("authorization.k8s.io"),
        List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
        List.of("create"));
    roles.add(basicUser);
    bindings.add(binding("system:basic-user", "system:basic-user", Identity.AUTHENTICATED));

    roles.add(aggregated("admin", Map.of()));
    roles.add(aggregated("edit", Map.of(AGGREGATE + "admin", "true")));
    roles.add(aggregated("view", Map.of(AGGREGATE + "edit", "true")));
    roles.add(aggregateToView());
    roles.add(aggregateToEdit());
    roles.add(aggregateToAdmin());
    return new Objects(roles, bindings);
  }

  private static ObjectNode aggregateToView() {
    var view = role("system:aggregate-to-view", Map.of(AGGREGATE + "view", "true"));
    rule(
        view,
        List.of(""),
        List.of(
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "persistentvolumeclaims/status",
            "pods",
            "pods/log",
            "pods/status",
            "services",
            "services/status",
            "serviceaccounts",
            "events",
            "limitranges",
            "resourcequotas",
            "resourcequotas/status",
            "namespaces",
            "namespaces/status"),
        READ);
    rule(
        view,
        List.of("apps"),
        List.of(
            "controllerrevisions",
            "daemonsets",
            "daemonsets/status",
            "deployments",
            "deployments/scale",
            "deployments/status",
            "replicasets",
            "replicasets/scale",
            "replicasets/status",
            "statefulsets",
            "statefulsets/scale",
            "statefulsets/status"),
        READ);
    rule(
        view,
        List.of("batch"),
        List.of("cronjobs", "cronjobs/status", "jobs", "jobs/status"),
        READ);
    rule(
        view,
        List.of("autoscaling"),
        List.of("horizontalpodautoscalers", "horizontalpodautoscalers/status"),
        READ);
    rule(
        view,
        List.of("networking.k8s.io"),
        List.of("ingresses", "ingresses/status", "networkpolicies"),
        READ);
    rule(
        view,
        List.of("policy"),
        List.of("poddisruptionbudgets", "poddisruptionbudgets/status"),
        READ);
    return view;
  }

  private static ObjectNode aggregateToEdit() {
    var edit = role("system:aggregate-to-edit", Map.of(AGGREGATE + "edit", "true"));
    rule(edit, List.of(""), List.of("serviceaccounts"), List.of("impersonate"));
    rule(
        edit,
        List.of(""),
        List.of("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
        WRITE);
    rule(edit, List.of(""), List.of("pods/eviction"), List.of("create"));
    rule(
        edit,
        List.of(""),
        List.of(
            "configmaps",
            "endpoints",
            "persistentvolumeclaims",
            "replicationcontrollers",
            "replicationcontrollers/scale",
            "secrets",
            "serviceaccounts",
            "services",
            "services/proxy"),
        WRITE);
    rule(edit, List.of(""), List.of("secrets"), READ);
    rule(
        edit,
        List.of("apps"),
        List.of(
            "daemonsets",
            "deployments",
            "deployments/rollback",
            "deployments/scale",
            "replicasets",
            "replicasets/scale",
            "statefulsets",
            "statefulsets/scale"),
        WRITE);
    rule(edit, List.of("autoscaling"), List.of("horizontalpodautoscalers"), WRITE);
    rule(edit, List.of("batch"), List.of("cronjobs", "jobs"), WRITE);
    rule(edit, List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), WRITE);
    rule(edit, List.of("policy"), List.of("poddisruptionbudgets"), WRITE);
    return edit;
  }

  private static ObjectNode aggregateToAdmin() {
    var admin = role("system:aggregate-to-admin", Map.of(AGGREGATE + "admin", "true"));
    var all = new ArrayList<>(READ);
    all.addAll(WRITE);
    rule(admin, List.of("rbac.authorization.k8s.io"), List.of("rolebindings", "roles"), all);
    rule(
        admin,
        List.of("authorization.k8s.io"),
        List.of("localsubjectaccessreviews"),
        List.of("create"));
    return admin;
  }

  private static ObjectNode aggregated(String name, Map<String, String> labels) {
    var role = role(name, labels);
    role.putArray("rules");
    role.putObject("aggregationRule")
        .putArray("clusterRoleSelectors")
        .addObject()
        .putObject("matchLabels")
        .put(AGGREGATE + name, "true");
    return role;
  }

  private static ObjectNode role(String name, Map<String, String> labels) {
    var role = Json.object();
    role.put("apiVersion", "rbac.authorization.k8s.io/v1");
    role.put("kind", "ClusterRole");
    var metadata = Json.metadata(role);
    metadata.put("name", name);
    var allLabels = metadata.putObject("labels");
    allLabels.put("kubernetes.io/bootstrapping", "rbac-defaults");
    labels.forEach(allLabels::put);
    metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
    return role;
  }

  private static void rule(
      ObjectNode role, List<String> groups, List<String> resources, List<String> verbs) {
    var rule = role.withArray("rules").addObject();
    groups.forEach(rule.putArray("apiGroups")::add);
    resources.forEach(rule.putArray("resources")::add);
    verbs.forEach(rule.putArray("verbs")::add);
  }

  private static void nonResource(ObjectNode role, List<String> verbs, List<String> urls) {
    var rule = role.withArray("rules").addObject();
    urls.forEach(rule.putArray("nonResourceURLs")::add);
    verbs.forEach(rule.putArray("verbs")::add);
  }

  private static ObjectNode binding(String name, String role, String... groups) {
    var binding = Json.object();
    binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
    binding.put("kind", "ClusterRoleBinding");
    var metadata = Json.metadata(binding);
    metadata.put("name", name);
    metadata.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
    var roleRef = binding.putObject("roleRef");
    roleRef.put("apiGroup", "rbac.authorization.k8s.io");
    roleRef.put("kind", "ClusterRole");
    roleRef.put("name", role);
    var subjects = binding.putArray("subjects");
    for (var group : groups) {
      var subject = subjects.addObject();
      subject.put("apiGroup", "rbac.authorization.k8s.io");
      subject.put("kind", "Group");
      subject.put("name", group);
    }
    return binding;
  }
}
