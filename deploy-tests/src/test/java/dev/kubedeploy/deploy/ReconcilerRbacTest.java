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

/** The reconciler's rights, rule by rule; the api-service has none. */
class ReconcilerRbacTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final List<String> READ = List.of("get", "list", "watch");
  private static final String RELEASE_ROLE = FULLNAME + "-reconciler-releases";

  private static Map<String, Object> rule(
      List<String> groups, List<String> resources, List<String> verbs) {
    return Map.of("apiGroups", groups, "resources", resources, "verbs", verbs);
  }

  private static JsonNode rules(Object... rules) {
    return JSON.valueToTree(List.of(rules));
  }

  @Test
  void reconcilerManagesNamespacesWithTheirQuotasAndLimitRangesAndNothingElseClusterWide() {
    var chart = RenderedChart.withTestValues();

    assertThat(chart.get("ClusterRole", FULLNAME + "-reconciler").path("rules"))
        .isEqualTo(
            rules(
                rule(List.of(""), List.of("namespaces"), ALL_VERBS),
                rule(List.of(""), List.of("resourcequotas", "limitranges"), ALL_VERBS)));
    assertBoundToReconciler(
        chart.get("ClusterRoleBinding", FULLNAME + "-reconciler"), FULLNAME + "-reconciler");
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
  void releaseRoleIsBoundClusterWideByDefault() {
    var chart = RenderedChart.withTestValues();

    assertBoundToReconciler(chart.get("ClusterRoleBinding", RELEASE_ROLE), RELEASE_ROLE);
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-reconciler")
                .at("/data/APP_KUBE_RELEASE_CLUSTER_ROLE")
                .isMissingNode())
        .isTrue();
  }

  @Test
  void noRuleGrantsWildcardsOrEscalationByDefault() {
    var chart = RenderedChart.withTestValues();

    for (var role : chart.all("ClusterRole")) {
      for (var rule : role.path("rules")) {
        assertThat(WorkloadsTest.texts(rule.path("apiGroups"))).doesNotContain("*");
        assertThat(WorkloadsTest.texts(rule.path("resources"))).doesNotContain("*");
        assertThat(WorkloadsTest.texts(rule.path("verbs")))
            .doesNotContain("*", "bind", "escalate", "impersonate");
      }
    }
    assertThat(chart.all("Role")).isEmpty();
    assertThat(chart.all("RoleBinding")).isEmpty();
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
  void namespaceBindingLetsTheReconcilerBindOnlyTheReleaseRole() {
    var chart = RenderedChart.values().set("reconciler.rbac.releaseBinding", "namespace").render();

    assertThat(chart.find("ClusterRoleBinding", RELEASE_ROLE)).isEmpty();
    assertThat(chart.get("ClusterRole", FULLNAME + "-reconciler").path("rules"))
        .isEqualTo(
            rules(
                rule(List.of(""), List.of("namespaces"), ALL_VERBS),
                rule(List.of(""), List.of("resourcequotas", "limitranges"), ALL_VERBS),
                rule(List.of("rbac.authorization.k8s.io"), List.of("rolebindings"), ALL_VERBS),
                Map.of(
                    "apiGroups", List.of("rbac.authorization.k8s.io"),
                    "resources", List.of("clusterroles"),
                    "verbs", List.of("bind"),
                    "resourceNames", List.of(RELEASE_ROLE))));
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-reconciler")
                .at("/data/APP_KUBE_RELEASE_CLUSTER_ROLE")
                .asText())
        .isEqualTo(RELEASE_ROLE);
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-reconciler")
                .at("/data/APP_KUBE_RELEASE_SERVICE_ACCOUNT")
                .asText())
        .endsWith(
            "/"
                + chart
                    .get("ServiceAccount", FULLNAME + "-reconciler")
                    .at("/metadata/name")
                    .asText());
  }

  @Test
  void anyKindIsRefusedWhenTheReleaseRoleWouldBeBoundClusterWide() {
    var result = RenderedChart.values().set("reconciler.rbac.anyKind", true).template();

    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).contains("anyKind needs reconciler.rbac.releaseBinding=namespace");
  }

  @Test
  void anyKindWithNamespaceBindingGrantsEveryNamespacedKindThroughTheBoundRoleOnly() {
    var chart =
        RenderedChart.values()
            .set("reconciler.rbac.releaseBinding", "namespace")
            .set("reconciler.rbac.anyKind", true)
            .render();

    assertThat(chart.get("ClusterRole", FULLNAME + "-reconciler-release-kinds").path("rules"))
        .isEqualTo(rules(rule(List.of("*"), List.of("*"), List.of("*"))));
    assertThat(chart.all("ClusterRoleBinding"))
        .extracting(binding -> binding.at("/roleRef/name").asText())
        .containsExactly(FULLNAME + "-reconciler");
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
