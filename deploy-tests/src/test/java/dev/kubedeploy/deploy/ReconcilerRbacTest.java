package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static dev.kubedeploy.deploy.RenderedChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's rights, rule by rule; the api-service has none. The release role is only ever
 * bound per namespace, by the reconciler, to the ServiceAccount Helm impersonates there.
 */
class ReconcilerRbacTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final List<String> MANAGE =
      List.of("get", "list", "watch", "create", "patch", "delete");
  private static final List<String> READ = List.of("get", "list", "watch");
  private static final String RELEASE_ROLE = FULLNAME + "-reconciler-releases";
  private static final String RECONCILER_ROLE = FULLNAME + "-reconciler";

  /** Verbs that change or grant something; a read-only rule has none of them. */
  private static final List<String> WRITE_VERBS =
      List.of(
          "*",
          "create",
          "update",
          "patch",
          "delete",
          "deletecollection",
          "bind",
          "escalate",
          "impersonate");

  /** What a chart holds: writing any of these cluster wide would make the namespace no boundary. */
  private static final List<String> RELEASE_RESOURCES =
      List.of(
          "*",
          "pods",
          "secrets",
          "configmaps",
          "services",
          "deployments",
          "statefulsets",
          "daemonsets",
          "replicasets",
          "jobs",
          "cronjobs",
          "ingresses",
          "persistentvolumeclaims",
          "roles",
          "clusterroles",
          "clusterrolebindings");

  private static Map<String, Object> rule(
      List<String> groups, List<String> resources, List<String> verbs) {
    return Map.of("apiGroups", groups, "resources", resources, "verbs", verbs);
  }

  private static Map<String, Object> rule(
      List<String> groups, List<String> resources, List<String> verbs, List<String> names) {
    return Map.of(
        "apiGroups", groups, "resources", resources, "verbs", verbs, "resourceNames", names);
  }

  private static JsonNode rules(Object... rules) {
    return JSON.valueToTree(List.of(rules));
  }

  @Test
  void
      reconcilerManagesNamespacesWhatBoundsThemAndTheReleaseIdentityReadsWorkloadsAndWritesEvents() {
    var chart = RenderedChart.withTestValues();

    assertThat(chart.get("ClusterRole", RECONCILER_ROLE).path("rules"))
        .isEqualTo(
            rules(
                rule(List.of(""), List.of("namespaces"), MANAGE),
                rule(
                    List.of(""),
                    List.of("resourcequotas", "limitranges", "serviceaccounts"),
                    MANAGE),
                rule(List.of("networking.k8s.io"), List.of("networkpolicies"), MANAGE),
                rule(List.of("rbac.authorization.k8s.io"), List.of("rolebindings"), MANAGE),
                rule(
                    List.of("rbac.authorization.k8s.io"),
                    List.of("clusterroles"),
                    List.of("bind"),
                    List.of(RELEASE_ROLE)),
                rule(
                    List.of(""),
                    List.of("serviceaccounts"),
                    List.of("impersonate"),
                    List.of("kubedeploy-release")),
                rule(List.of(""), List.of("pods", "events"), READ),
                rule(List.of(""), List.of("events"), List.of("create", "patch")),
                rule(
                    List.of("apps"), List.of("deployments", "statefulsets", "replicasets"), READ)));
    assertBoundToReconciler(chart.get("ClusterRoleBinding", RECONCILER_ROLE), RECONCILER_ROLE);
  }

  @Test
  void noClusterWideBindingGrantsWritesToWorkloadsSecretsOrRoles() {
    var chart = RenderedChart.withTestValues();

    var bindings = chart.all("ClusterRoleBinding");
    assertThat(bindings).isNotEmpty();
    for (var binding : bindings) {
      var role = chart.get("ClusterRole", binding.at("/roleRef/name").asText());
      assertThat(role.has("aggregationRule"))
          .as("%s binds an aggregated role cluster wide", binding.at("/metadata/name"))
          .isFalse();
      for (var rule : role.path("rules")) {
        var writes =
            WorkloadsTest.texts(rule.path("verbs")).stream().filter(WRITE_VERBS::contains).toList();
        if (writes.isEmpty()) {
          continue;
        }
        assertThat(WorkloadsTest.texts(rule.path("resources")))
            .as("rule %s of %s", rule, role.at("/metadata/name"))
            .doesNotContainAnyElementsOf(
                rule.has("resourceNames") ? List.of("*") : RELEASE_RESOURCES);
        assertThat(WorkloadsTest.texts(rule.path("apiGroups"))).doesNotContain("*");
      }
    }
  }

  @Test
  void bindIsLimitedToTheReleaseRoleAndImpersonationToTheReleaseServiceAccount() {
    var chart = RenderedChart.withTestValues();

    for (var role : chart.all("ClusterRole")) {
      for (var rule : role.path("rules")) {
        var verbs = WorkloadsTest.texts(rule.path("verbs"));
        assertThat(verbs).doesNotContain("*", "escalate");
        if (verbs.contains("bind")) {
          assertThat(verbs).containsExactly("bind");
          assertThat(WorkloadsTest.texts(rule.path("resources"))).containsExactly("clusterroles");
          assertThat(WorkloadsTest.texts(rule.path("resourceNames"))).containsExactly(RELEASE_ROLE);
        }
        if (verbs.contains("impersonate")) {
          assertThat(verbs).containsExactly("impersonate");
          assertThat(WorkloadsTest.texts(rule.path("resources")))
              .containsExactly("serviceaccounts");
          assertThat(WorkloadsTest.texts(rule.path("resourceNames")))
              .containsExactly("kubedeploy-release");
        }
      }
    }
    assertThat(chart.all("Role")).isEmpty();
    assertThat(chart.all("RoleBinding")).isEmpty();
  }

  @Test
  void theReleaseRoleIsNeverBoundClusterWideAndTheReconcilerIsToldItsName() {
    var chart = RenderedChart.withTestValues();

    assertThat(chart.all("ClusterRoleBinding"))
        .extracting(binding -> binding.at("/roleRef/name").asText())
        .containsExactly(RECONCILER_ROLE);
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-reconciler")
                .at("/data/APP_KUBE_RELEASE_CLUSTER_ROLE")
                .asText())
        .isEqualTo(RELEASE_ROLE);
  }

  @Test
  void theDefaultReleaseKindsCannotLiftTheNamespacesOwnBounds() {
    var kinds =
        RenderedChart.withTestValues().get("ClusterRole", FULLNAME + "-reconciler-release-kinds");

    for (var rule : kinds.path("rules")) {
      assertThat(WorkloadsTest.texts(rule.path("resources")))
          .doesNotContain(
              "*",
              "resourcequotas",
              "limitranges",
              "networkpolicies",
              "roles",
              "rolebindings",
              "namespaces");
      assertThat(WorkloadsTest.texts(rule.path("verbs"))).doesNotContain("*", "bind", "escalate");
    }
  }

  @Test
  void releaseRoleAggregatesTheKindsOfTheSampleChartsAndWhatHelmNeeds() {
    var chart = RenderedChart.withTestValues();

    var releaseRole = chart.get("ClusterRole", RELEASE_ROLE);
    assertThat(releaseRole.has("rules")).isFalse();
    assertThat(releaseRole.at("/aggregationRule/clusterRoleSelectors/0/matchLabels"))
        .isEqualTo(JSON.valueToTree(Map.of("kubedeploy.dev/aggregate-to-release", RELEASE_ROLE)));

    var kinds = chart.get("ClusterRole", FULLNAME + "-reconciler-release-kinds");
    assertThat(kinds.at("/metadata/labels/kubedeploy.dev~1aggregate-to-release").asText())
        .isEqualTo(RELEASE_ROLE);
    assertThat(kinds.path("rules"))
        .isEqualTo(
            rules(
                rule(
                    List.of(""),
                    List.of(
                        "configmaps",
                        "secrets",
                        "services",
                        "serviceaccounts",
                        "persistentvolumeclaims"),
                    ALL_VERBS),
                rule(List.of("apps"), List.of("deployments", "statefulsets"), ALL_VERBS),
                rule(List.of("networking.k8s.io"), List.of("ingresses"), ALL_VERBS),
                rule(List.of(""), List.of("pods"), READ),
                rule(List.of("apps"), List.of("replicasets"), READ)));
  }

  @Test
  void defaultReleaseRulesCoverEveryObjectTheWebappSampleChartCreates() {
    var kinds =
        RenderedChart.withTestValues().get("ClusterRole", FULLNAME + "-reconciler-release-kinds");
    var sample =
        Helm.configured()
            .run(
                List.of(
                    "template",
                    "sample",
                    Repository.path("deploy/sample-charts/webapp").toString(),
                    "--set",
                    "ingress.enabled=true",
                    "--set",
                    "ingress.host=webapp.example.test"));
    assertThat(sample.succeeded()).as(sample.stderr()).isTrue();

    var objects = RenderedChart.parse(sample.stdout());
    assertThat(objects).isNotEmpty();
    for (var object : objects) {
      var apiVersion = object.path("apiVersion").asText();
      var group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      var resource = plural(object.path("kind").asText());
      assertThat(grants(kinds.path("rules"), group, resource))
          .as("%s/%s is not in reconciler.rbac.releaseRules", group, resource)
          .containsAll(ALL_VERBS);
    }
  }

  @Test
  void apiServiceAccountIsBoundToNoRole() {
    var chart = RenderedChart.withTestValues();

    for (var binding : chart.all("ClusterRoleBinding")) {
      for (var subject : binding.path("subjects")) {
        assertThat(subject.path("name").asText()).isNotEqualTo(FULLNAME + "-api");
      }
    }
  }

  @Test
  void theOldClusterWideModesAreRefusedWithTheReason() {
    var clusterBinding =
        RenderedChart.values().set("reconciler.rbac.releaseBinding", "cluster").template();
    var anyKind = RenderedChart.values().set("reconciler.rbac.anyKind", true).template();

    assertThat(clusterBinding.succeeded()).isFalse();
    assertThat(clusterBinding.stderr()).contains("reconciler.rbac.releaseBinding was removed");
    assertThat(anyKind.succeeded()).isFalse();
    assertThat(anyKind.stderr()).contains("reconciler.rbac.anyKind was removed");
  }

  @Test
  void oldValuesFilesThatAskedForTheNamespaceBindingStillInstall() {
    var chart =
        RenderedChart.values()
            .set("reconciler.rbac.releaseBinding", "namespace")
            .set("reconciler.rbac.anyKind", false)
            .render();

    assertThat(chart.find("ClusterRoleBinding", RELEASE_ROLE)).isEmpty();
  }

  @Test
  void theNetworkPolicyPeersReachTheReconcilerAndThePlatformNamespaceIsAlwaysDenied() {
    var chart =
        RenderedChart.values()
            .set("reconciler.networkPolicy.ingressNamespace", "traefik")
            .set("reconciler.networkPolicy.egressDeniedNamespaces", List.of("databases"))
            .set("reconciler.networkPolicy.egressDeniedCidrs", List.of("10.0.5.0/24", "fd00::/8"))
            .render();

    var config = chart.get("ConfigMap", FULLNAME + "-reconciler").path("data");
    assertThat(config.path("APP_KUBE_INGRESS_NAMESPACE").asText()).isEqualTo("traefik");
    assertThat(config.path("APP_KUBE_EGRESS_DENIED_NAMESPACES").asText())
        .isEqualTo(NAMESPACE + ",databases");
    assertThat(config.path("APP_KUBE_EGRESS_DENIED_CIDRS").asText())
        .isEqualTo("10.0.5.0/24,fd00::/8");
  }

  @Test
  void extraReleaseRulesReplaceTheDefaultKinds() {
    var cronJobs = rule(List.of("batch"), List.of("cronjobs", "jobs"), ALL_VERBS);
    var chart =
        RenderedChart.values().set("reconciler.rbac.releaseRules", List.of(cronJobs)).render();

    assertThat(chart.get("ClusterRole", FULLNAME + "-reconciler-release-kinds").path("rules"))
        .isEqualTo(rules(cronJobs));
  }

  @Test
  void rbacCanBeLeftToTheCluster() {
    var chart = RenderedChart.values().set("reconciler.rbac.create", false).render();

    assertThat(chart.all("ClusterRole")).isEmpty();
    assertThat(chart.all("ClusterRoleBinding")).isEmpty();
  }

  /** The verbs the rules grant on one resource of one API group. */
  private static List<String> grants(JsonNode rules, String group, String resource) {
    var verbs = new ArrayList<String>();
    for (var rule : rules) {
      if (WorkloadsTest.texts(rule.path("apiGroups")).contains(group)
          && WorkloadsTest.texts(rule.path("resources")).contains(resource)) {
        verbs.addAll(WorkloadsTest.texts(rule.path("verbs")));
      }
    }
    return verbs;
  }

  /**
   * The resource name of a built-in kind (Ingress -> ingresses, NetworkPolicy -> networkpolicies).
   */
  private static String plural(String kind) {
    var lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  private static void assertBoundToReconciler(JsonNode binding, String role) {
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role);
    assertThat(binding.path("subjects"))
        .isEqualTo(
            JSON.valueToTree(
                List.of(
                    Map.of(
                        "kind",
                        "ServiceAccount",
                        "name",
                        FULLNAME + "-reconciler",
                        "namespace",
                        NAMESPACE))));
  }
}
