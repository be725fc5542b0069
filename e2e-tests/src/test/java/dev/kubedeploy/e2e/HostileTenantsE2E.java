package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.ProjectPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenants as adversaries, through the REST API against the harness with real helm: every attempt
 * ends in a clear refusal (a 4xx problem document from the API, or a deployment that fails with the
 * cluster's refusal in its error), no answer is a 5xx, and nothing is created outside the
 * deployment's own namespace.
 *
 * <p>The charts' attacks come from {@code src/test/charts/hostile}, published as one template per
 * attack: the chart is written by a third party (or has a quoting bug), and the boundary must hold
 * whatever it renders.
 */
class HostileTenantsE2E {

  private static final Duration REFUSED = Duration.ofMinutes(2);

  @TempDir static Path work;

  private static Platform platform;
  private static long webapp;
  private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();

  @BeforeAll
  static void startThePlatform() throws Exception {
    var charts = Files.createDirectories(work.resolve("charts"));
    Files.createSymbolicLink(
        charts.resolve("repo"), ProjectPaths.resolve("deploy/sample-charts/repo"));
    Files.createSymbolicLink(
        charts.resolve("hostile"), ProjectPaths.resolve("e2e-tests/src/test/charts/hostile"));
    var options = Platform.Options.defaults();
    platform =
        Platform.start(
            work,
            new Platform.Options(
                Map.of("APP_DEPLOYMENTS_ALLOWED_DOMAIN_SUFFIXES", ".apps.example.test"),
                options.reconcilerEnvironment(),
                charts,
                options.reconcilerKubeconfig()));
    platform.publishProduct("webapp", "Web app");
    webapp = platform.publishTemplate("webapp", Platform.sampleWebappTemplate("0.2.0", 60));
    platform.publishProduct("hostile", "Hostile chart");
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @AfterEach
  void noAnswerWasAServerError() {
    assertThat(SERVER_ERRORS.get()).as("5xx answers").isZero();
  }

  // --- the chart renders something the deployment must not do ---------------------------------

  /**
   * The attacks of the hostile chart the harness can judge. The chart also renders a
   * PersistentVolume, a MutatingWebhookConfiguration and a CustomResourceDefinition, kinds the
   * harness does not serve (helm fails on them before any request); on a real cluster the same RBAC
   * rule as for ClusterRoles refuses them.
   */
  static Stream<String> chartAttacks() {
    return Stream.of(
        "workload-in-kube-system",
        "secret-in-default",
        "configmap-in-platform-namespace",
        "service-account-in-kube-system",
        "rolebinding-in-kube-system",
        "cluster-role-binding",
        "cluster-role",
        "namespace",
        "bind-cluster-admin-in-own-namespace",
        "role-granting-impersonation",
        "role-with-wildcards",
        "privileged-pod",
        "host-network-pod",
        "host-pid-pod",
        "host-path-pod",
        "root-pod",
        "added-capabilities-pod",
        "host-port-pod",
        "unconfined-seccomp-pod",
        "load-balancer",
        "node-port",
        "too-many-pods",
        "too-many-secrets",
        "scratch-space-pod",
        "many-containers-pod");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chartAttacks")
  void aChartAttackIsRefusedByTheClusterAndTouchesNothingOutsideItsNamespace(String attack) {
    var template = publishHostileTemplate(attack);
    var before = objectsOutsideDeploymentNamespaces();

    var uid = create(Map.of("name", "h-" + attack, "template_id", template, "target_replicas", 1));

    var failed = awaitStatus(uid, "failed");
    assertThat(failed.getString("last_error"))
        .as("the cluster's refusal, in its own words")
        .containsIgnoringCase("forbidden");
    assertThat(objectsOutsideDeploymentNamespaces()).isEqualTo(before);
  }

  @Test
  void aLoadBalancerAskedForThroughValuesIsRefusedByTheQuota() {
    var uid =
        create(
            Map.of(
                "name",
                "lb-by-values",
                "template_id",
                webapp,
                "target_replicas",
                1,
                "user_values",
                Map.of("service", Map.of("type", "LoadBalancer"))));

    var failed = awaitStatus(uid, "failed");

    assertThat(failed.getString("last_error")).contains("exceeded quota");
  }

  @Test
  void aChartsDefaultHostIsNotServedForADeploymentWithoutADomain() {
    var template =
        platform.publishTemplate(
            "hostile",
            Map.of(
                "version_label",
                "0.1.0-ingress-host-from-chart-defaults",
                "package_type",
                "helm-chart",
                "chart_ref",
                "hostile",
                "chart_version",
                "0.1.0",
                "default_values_json",
                Map.of("attack", "ingress-host-from-chart-defaults"),
                // the admin maps the domain but leaves ingress enablement to the user
                "values_schema_json",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "ingress",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("enabled", Map.of("type", "boolean"))))),
                "capabilities_json",
                Map.of("replicas", "replicaCount", "domain", "ingress.host"),
                "health_timeout_sec",
                30));

    var uid =
        create(
            Map.of(
                "name",
                "default-host",
                "template_id",
                template,
                "target_replicas",
                1,
                "user_values",
                Map.of("ingress", Map.of("enabled", true))));

    var namespace = awaitStatus(uid, "running").getString("namespace_name");
    var client = platform.cluster().client();
    assertThat(client.configMaps().inNamespace(namespace).withName(uid + "-harmless").get())
        .as("the release was applied")
        .isNotNull();
    assertThat(client.network().v1().ingresses().inAnyNamespace().list().getItems())
        .as("the chart's default host (bank.apps.example.test) must not be served")
        .flatExtracting(ingress -> ingress.getSpec().getRules())
        .extracting(rule -> rule.getHost())
        .doesNotContain("bank.apps.example.test");
  }

  // --- input the API refuses --------------------------------------------------------------------

  @Test
  void aValuesKeyWithANewlineIsRefused() {
    assertRefusedCreate(Map.of("config", Map.of("a\nkind: ClusterRoleBinding", "x")), 422);
  }

  @Test
  void aValuesStringWithAControlCharacterIsRefused() {
    assertRefusedCreate(Map.of("config", Map.of("greeting", "hi\u0000there")), 422);
  }

  @Test
  void aValuesKeyThatIsNotPrintableIsRefused() {
    assertRefusedCreate(Map.of("config", Map.of("\u200b\u0007", "x")), 422);
  }

  @Test
  void theReplicaCountPathIsThePlatformsAndRefusedFromUsers() {
    assertRefusedCreate(Map.of("replicaCount", 40), 422);
  }

  @Test
  void theIngressHostPathIsThePlatformsAndRefusedFromUsers() {
    assertRefusedCreate(Map.of("ingress", Map.of("host", "bank.apps.example.test")), 422);
  }

  @Test
  void theResourcesPathIsThePlatformsAndRefusedFromUsers() {
    assertRefusedCreate(Map.of("resources", Map.of("limits", Map.of("cpu", "64"))), 422);
  }

  @Test
  void aReplicaCountOutsideTheTemplateSchemaIsRefusedBeforeAnythingIsCreated() {
    var answer = tryCreate(Map.of("name", "too-big", "template_id", webapp, "target_replicas", 51));
    assertProblem(answer, 422);
  }

  @Test
  void aNumberThatDoesNotFitIsRefused() {
    var answer =
        send(
            platform
                .as(platform.userToken())
                .body(
                    "{\"name\":\"huge\",\"template_id\":"
                        + webapp
                        + ",\"target_replicas\":1,\"user_values\":{\"config\":{},\"n\":1e400}}")
                .post("/deployments"));
    assertThat(answer.statusCode()).isBetween(400, 422);
  }

  @Test
  void notANumberIsRefused() {
    var answer =
        send(
            platform
                .as(platform.userToken())
                .body("{\"name\":\"nan\",\"template_id\":" + webapp + ",\"target_replicas\":NaN}")
                .post("/deployments"));
    assertThat(answer.statusCode()).isBetween(400, 422);
  }

  @Test
  void aDomainOutsideTheAllowedSuffixesIsRefused() {
    var answer =
        tryCreate(
            Map.of(
                "name",
                "phish",
                "template_id",
                webapp,
                "target_replicas",
                1,
                "domainname",
                "login.bank.example.com"));
    assertProblem(answer, 422);
  }

  @Test
  void aHostAnotherDeploymentOwnsIsRefused() {
    create(
        Map.of(
            "name",
            "owner",
            "template_id",
            webapp,
            "target_replicas",
            1,
            "domainname",
            "shop.apps.example.test"));
    var answer =
        tryCreate(
            Map.of(
                "name",
                "squatter",
                "template_id",
                webapp,
                "target_replicas",
                1,
                "domainname",
                "shop.apps.example.test"));
    assertThat(answer.statusCode()).isIn(409, 422);
  }

  @Test
  void aTemplateWithoutSchemaCannotBeDeployedByUsers() {
    var template =
        platform.publishTemplate(
            "hostile",
            Map.of(
                "version_label",
                "0.1.0-no-schema",
                "package_type",
                "helm-chart",
                "chart_ref",
                "hostile",
                "chart_version",
                "0.1.0",
                "admin_only",
                true));
    var answer =
        tryCreate(Map.of("name", "no-schema", "template_id", template, "target_replicas", 1));
    assertThat(answer.statusCode()).isIn(403, 422);
  }

  @Test
  void anUpgradeByANonAdminIsForbidden() {
    var uid = create(Map.of("name", "upgrader", "template_id", webapp, "target_replicas", 1));
    var answer =
        send(
            platform
                .as(platform.userToken())
                .body(Map.of("template_id", webapp))
                .post("/deployments/" + uid + "/upgrade"));
    assertProblem(answer, 403);
  }

  @Test
  void anotherUsersDeploymentIsNotFound() throws Exception {
    var uid = create(Map.of("name", "private", "template_id", webapp, "target_replicas", 1));
    platform
        .as(platform.adminToken())
        .body(Map.of("subject", "mallory", "username", "mallory", "email", "m@example.test"))
        .post("/users")
        .then()
        .statusCode(201);
    var mallory = platform.mintToken("mallory");

    assertProblem(send(platform.as(mallory).get("/deployments/" + uid)), 404);
    assertProblem(
        send(
            platform
                .as(mallory)
                .body(Map.of("target_replicas", 3))
                .post("/deployments/" + uid + "/scale")),
        404);
    assertProblem(send(platform.as(mallory).delete("/deployments/" + uid)), 404);
  }

  @Test
  void aTokenSignedByAnotherKeyIsUnauthorized() {
    var forged =
        platform.userToken().substring(0, platform.userToken().lastIndexOf('.') + 1) + "AAAA";
    assertThat(send(platform.as(forged).get("/deployments")).statusCode()).isEqualTo(401);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static long publishHostileTemplate(String attack) {
    return platform.publishTemplate(
        "hostile",
        Map.of(
            "version_label",
            "0.1.0-" + attack,
            "package_type",
            "helm-chart",
            "chart_ref",
            "hostile",
            "chart_version",
            "0.1.0",
            "default_values_json",
            Map.of("attack", attack),
            // which attack is the chart's (and so the admin's) choice; a user may pick one too,
            // and the boundary must hold either way
            "values_schema_json",
            Map.of(
                "type",
                "object",
                "additionalProperties",
                false,
                "properties",
                Map.of(
                    "attack", Map.of("type", "string"),
                    "replicaCount", Map.of("type", "integer", "minimum", 0, "maximum", 3))),
            "capabilities_json",
            Map.of("replicas", "replicaCount"),
            "health_timeout_sec",
            30));
  }

  private static void assertRefusedCreate(Map<String, ?> userValues, int status) {
    var name = "refused-" + Integer.toHexString(userValues.hashCode());
    var answer =
        tryCreate(
            Map.of(
                "name",
                name,
                "template_id",
                webapp,
                "target_replicas",
                1,
                "user_values",
                userValues));
    assertProblem(answer, status);
    assertThat(
            platform
                .as(platform.userToken())
                .get("/deployments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.name", String.class))
        .as("no partial write")
        .doesNotContain(name);
  }

  private static void assertProblem(Response answer, int status) {
    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
  }

  private static String create(Map<String, ?> body) {
    var answer = tryCreate(body);
    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(201);
    return answer.jsonPath().getString("deployment_uid");
  }

  private static Response tryCreate(Map<String, ?> body) {
    return send(platform.as(platform.userToken()).body(body).post("/deployments"));
  }

  private static Response send(Response answer) {
    if (answer.statusCode() >= 500) {
      SERVER_ERRORS.incrementAndGet();
    }
    return answer;
  }

  private static JsonPath awaitStatus(String uid, String status) {
    await(uid + " " + status)
        .atMost(REFUSED)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () ->
                assertThat(read(uid).getString("status"))
                    .as(read(uid).prettify())
                    .isEqualTo(status));
    return read(uid);
  }

  private static JsonPath read(String uid) {
    return send(platform.as(platform.userToken()).get("/deployments/" + uid))
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /**
   * Every object of the kinds an attack could create, outside the namespaces of deployments: the
   * cluster-scoped kinds, and the namespaced ones in the platform's and Kubernetes' namespaces.
   */
  private static Set<String> objectsOutsideDeploymentNamespaces() {
    var client = platform.cluster().client();
    var deploymentNamespaces = new TreeSet<String>();
    var found = new TreeSet<String>();
    for (var namespace : client.namespaces().list().getItems()) {
      var labels = namespace.getMetadata().getLabels();
      if (labels != null && labels.containsKey("kubedeploy.dev/deployment-uid")) {
        deploymentNamespaces.add(namespace.getMetadata().getName());
      } else {
        add(found, namespace);
      }
    }
    Stream.of(
            served(() -> client.rbac().clusterRoles().list().getItems()),
            served(() -> client.rbac().clusterRoleBindings().list().getItems()),
            served(() -> client.persistentVolumes().list().getItems()),
            served(
                () ->
                    client
                        .admissionRegistration()
                        .v1()
                        .mutatingWebhookConfigurations()
                        .list()
                        .getItems()),
            served(() -> client.apiextensions().v1().customResourceDefinitions().list().getItems()))
        .flatMap(List::stream)
        .forEach(object -> add(found, object));
    namespaced(client).stream()
        .filter(object -> !deploymentNamespaces.contains(object.getMetadata().getNamespace()))
        .forEach(object -> add(found, object));
    return found;
  }

  private static List<HasMetadata> namespaced(KubernetesClient client) {
    var all = new ArrayList<HasMetadata>();
    all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(client.pods().inAnyNamespace().list().getItems());
    all.addAll(client.secrets().inAnyNamespace().list().getItems());
    all.addAll(client.configMaps().inAnyNamespace().list().getItems());
    all.addAll(client.serviceAccounts().inAnyNamespace().list().getItems());
    all.addAll(client.services().inAnyNamespace().list().getItems());
    all.addAll(client.rbac().roles().inAnyNamespace().list().getItems());
    all.addAll(client.rbac().roleBindings().inAnyNamespace().list().getItems());
    return all;
  }

  /** The objects of a kind, or none when the cluster does not serve the kind at all. */
  private static List<? extends HasMetadata> served(Supplier<List<? extends HasMetadata>> listing) {
    try {
      return listing.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  private static void add(Set<String> found, HasMetadata object) {
    var metadata = object.getMetadata();
    found.add(
        object.getKind()
            + " "
            + (metadata.getNamespace() == null ? "" : metadata.getNamespace() + "/")
            + metadata.getName());
  }
}
