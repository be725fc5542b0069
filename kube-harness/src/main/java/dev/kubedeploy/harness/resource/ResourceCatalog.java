package dev.kubedeploy.harness.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The types the harness serves: what Helm charts commonly hold and what the reconciler reads. A
 * type missing here is answered 404, as a cluster without that API would.
 */
public final class ResourceCatalog {

  private static final List<String> ALL = List.of("all");

  public static final ResourceType NAMESPACES =
      type("", "v1", "namespaces", "Namespace", false, true, false, "ns");
  public static final ResourceType NODES =
      type("", "v1", "nodes", "Node", false, true, false, "no");
  public static final ResourceType PODS =
      type("", "v1", "pods", "Pod", true, true, false, ALL, "po");
  public static final ResourceType SERVICES =
      type("", "v1", "services", "Service", true, true, false, ALL, "svc");
  public static final ResourceType SECRETS =
      type("", "v1", "secrets", "Secret", true, false, false);
  public static final ResourceType CONFIG_MAPS =
      type("", "v1", "configmaps", "ConfigMap", true, false, false, "cm");
  public static final ResourceType SERVICE_ACCOUNTS =
      type("", "v1", "serviceaccounts", "ServiceAccount", true, false, false, "sa");
  public static final ResourceType EVENTS =
      type("", "v1", "events", "Event", true, false, false, "ev");
  public static final ResourceType ENDPOINTS =
      type("", "v1", "endpoints", "Endpoints", true, false, false, "ep");
  public static final ResourceType RESOURCE_QUOTAS =
      type("", "v1", "resourcequotas", "ResourceQuota", true, true, false, "quota");
  public static final ResourceType LIMIT_RANGES =
      type("", "v1", "limitranges", "LimitRange", true, false, false, "limits");
  public static final ResourceType PERSISTENT_VOLUME_CLAIMS =
      type("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, true, false, "pvc");
  public static final ResourceType DEPLOYMENTS =
      type("apps", "v1", "deployments", "Deployment", true, true, true, ALL, "deploy");
  public static final ResourceType STATEFUL_SETS =
      type("apps", "v1", "statefulsets", "StatefulSet", true, true, true, ALL, "sts");
  public static final ResourceType REPLICA_SETS =
      type("apps", "v1", "replicasets", "ReplicaSet", true, true, true, ALL, "rs");
  public static final ResourceType DAEMON_SETS =
      type("apps", "v1", "daemonsets", "DaemonSet", true, true, false, ALL, "ds");
  public static final ResourceType CONTROLLER_REVISIONS =
      type("apps", "v1", "controllerrevisions", "ControllerRevision", true, false, false);
  public static final ResourceType JOBS =
      type("batch", "v1", "jobs", "Job", true, true, false, ALL);
  public static final ResourceType CRON_JOBS =
      type("batch", "v1", "cronjobs", "CronJob", true, true, false, ALL, "cj");
  public static final ResourceType INGRESSES =
      type("networking.k8s.io", "v1", "ingresses", "Ingress", true, true, false, "ing");
  public static final ResourceType INGRESS_CLASSES =
      type("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, false, false);
  public static final ResourceType NETWORK_POLICIES =
      type(
          "networking.k8s.io",
          "v1",
          "networkpolicies",
          "NetworkPolicy",
          true,
          false,
          false,
          "netpol");
  public static final ResourceType POD_DISRUPTION_BUDGETS =
      type("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, true, false, "pdb");
  public static final ResourceType HORIZONTAL_POD_AUTOSCALERS =
      type(
          "autoscaling",
          "v2",
          "horizontalpodautoscalers",
          "HorizontalPodAutoscaler",
          true,
          true,
          false,
          ALL,
          "hpa");
  public static final ResourceType ROLES =
      type("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false, false);
  public static final ResourceType ROLE_BINDINGS =
      type("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false, false);
  public static final ResourceType CLUSTER_ROLES =
      type("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false, false);
  public static final ResourceType CLUSTER_ROLE_BINDINGS =
      type(
          "rbac.authorization.k8s.io",
          "v1",
          "clusterrolebindings",
          "ClusterRoleBinding",
          false,
          false,
          false);

  public static final List<ResourceType> TYPES =
      List.of(
          NAMESPACES,
          NODES,
          PODS,
          SERVICES,
          SECRETS,
          CONFIG_MAPS,
          SERVICE_ACCOUNTS,
          EVENTS,
          ENDPOINTS,
          RESOURCE_QUOTAS,
          LIMIT_RANGES,
          PERSISTENT_VOLUME_CLAIMS,
          DEPLOYMENTS,
          STATEFUL_SETS,
          REPLICA_SETS,
          DAEMON_SETS,
          CONTROLLER_REVISIONS,
          JOBS,
          CRON_JOBS,
          INGRESSES,
          INGRESS_CLASSES,
          NETWORK_POLICIES,
          POD_DISRUPTION_BUDGETS,
          HORIZONTAL_POD_AUTOSCALERS,
          ROLES,
          ROLE_BINDINGS,
          CLUSTER_ROLES,
          CLUSTER_ROLE_BINDINGS);

  private ResourceCatalog() {}

  /** The type served at {@code /api/v1/<plural>} (group "") or {@code /apis/<group>/<v>/...}. */
  public static Optional<ResourceType> byPath(String group, String version, String plural) {
    return TYPES.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .filter(t -> t.plural().equals(plural))
        .findFirst();
  }

  public static Optional<ResourceType> byKind(String apiVersion, String kind) {
    return TYPES.stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /** Group name to its versions, in the order discovery lists them. */
  public static Map<String, List<String>> groupVersions() {
    var result = new LinkedHashMap<String, List<String>>();
    for (var type : TYPES) {
      var versions = result.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    return result;
  }

  public static List<ResourceType> inGroupVersion(String group, String version) {
    return TYPES.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  private static ResourceType type(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean status,
      boolean scale,
      String... shortNames) {
    return type(group, version, plural, kind, namespaced, status, scale, List.of(), shortNames);
  }

  private static ResourceType type(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean status,
      boolean scale,
      List<String> categories,
      String... shortNames) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(Locale.ROOT),
        kind,
        namespaced,
        status,
        scale,
        List.of(shortNames),
        categories);
  }
}
