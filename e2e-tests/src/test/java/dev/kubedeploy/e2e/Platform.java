package dev.kubedeploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.ProjectPaths;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform as it runs, for end-to-end tests: both packaged services in their own JVMs, a
 * PostgreSQL database, the Kubernetes harness and the real helm binary, with an admin and a user
 * that tests act as through the REST API. Its static parts (how each service is started, the sample
 * catalog, tokens) are also what the chaos suite builds its own topology from.
 */
public final class Platform implements AutoCloseable {

  static final String ADMIN = "e2e-admin";
  static final String USER = "e2e-user";

  /** The system properties naming the packaged services' jars (set by the build). */
  public static final String API_JAR = "kubedeploy.api.jar";

  public static final String RECONCILER_JAR = "kubedeploy.reconciler.jar";

  /** The api-service's JVM option that migrates the schema at start, as a test platform needs. */
  public static final String MIGRATE_AT_START = "-Dquarkus.liquibase.migrate-at-start=true";

  /** How long a change may take to reach the cluster. */
  static final Duration CONVERGE = Duration.ofMinutes(3);

  /**
   * What a test changes about the platform it starts.
   *
   * @param apiEnvironment added to the api-service's environment
   * @param reconcilerEnvironment added to the reconciler's environment
   * @param chartDir the reconciler's local chart folder (the sample charts unless given)
   * @param reconcilerKubeconfig how the reconciler reaches the cluster, given the harness (as the
   *     platform chart's reconciler ServiceAccount, with the chart's RBAC, unless given)
   */
  record Options(
      Map<String, String> apiEnvironment,
      Map<String, String> reconcilerEnvironment,
      Path chartDir,
      ReconcilerIdentity reconcilerKubeconfig) {

    static Options defaults() {
      return new Options(
          Map.of(),
          Map.of(),
          sampleCharts(),
          cluster -> cluster.kubeconfigFor(PlatformChartRbac.RECONCILER));
    }
  }

  /** The kubeconfig the reconciler runs with, made once the cluster is up. */
  @FunctionalInterface
  interface ReconcilerIdentity {
    Path kubeconfig(KubeHarness cluster) throws Exception;
  }

  private final Path work;
  private final KubeHarness cluster;
  private final List<AutoCloseable> processes = new ArrayList<>();
  private String apiUrl;
  private String adminToken;
  private String userToken;

  private Platform(Path work, KubeHarness cluster) {
    this.work = work;
    this.cluster = cluster;
  }

  static Platform start(Path work, Options options) throws Exception {
    var platform = new Platform(work, KubeHarness.start());
    try {
      platform.startServices(options);
      return platform;
    } catch (Exception | Error e) {
      platform.close();
      throw e;
    }
  }

  private void startServices(Options options) throws Exception {
    cluster.apply(PlatformChartRbac.render());
    var database = TestDatabase.createDatabase("e2e");

    var apiPort = ServiceProcess.freePort();
    apiUrl = "http://127.0.0.1:" + apiPort;
    var api =
        ServiceProcess.start(
            "api",
            jar(API_JAR),
            List.of(MIGRATE_AT_START),
            merge(apiEnvironment(database, apiPort, ADMIN), options.apiEnvironment()),
            work);
    processes.add(api);
    api.awaitReady(apiUrl + "/q/health/ready", Duration.ofMinutes(2));

    var reconcilerPort = ServiceProcess.freePort();
    var reconciler =
        ServiceProcess.start(
            "reconciler",
            jar(RECONCILER_JAR),
            List.of(),
            merge(
                reconcilerEnvironment(
                    database,
                    options.reconcilerKubeconfig().kubeconfig(cluster),
                    options.chartDir(),
                    work.resolve("helm-work")),
                Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(reconcilerPort),
                    "APP_QUEUE_RETRY_INITIAL_DELAY", "1s",
                    "APP_QUEUE_RETRY_MAX_ATTEMPTS", "3"),
                options.reconcilerEnvironment()),
            work);
    processes.add(reconciler);
    reconciler.awaitReady(
        "http://127.0.0.1:" + reconcilerPort + "/q/health/ready", Duration.ofMinutes(2));

    adminToken = mintToken(ADMIN);
    as(adminToken)
        .body(Map.of("subject", USER, "username", USER, "email", USER + "@example.com"))
        .post("/users")
        .then()
        .statusCode(201);
    userToken = mintToken(USER);
  }

  /**
   * The api-service's environment: its database, its port, the dev key that verifies the tokens
   * {@link #mintToken(Path, String, String...)} signs, and the admin it bootstraps.
   */
  public static Map<String, String> apiEnvironment(
      TestDatabase.Coordinates database, int port, String adminSubject) {
    return merge(
        databaseEnvironment(database),
        Map.of(
            "QUARKUS_HTTP_PORT",
            Integer.toString(port),
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            ProjectPaths.resolve("api-service/src/test/resources/dev-keys/public-key.pem")
                .toString(),
            "MP_JWT_VERIFY_ISSUER",
            "kubedeploy-dev",
            "MP_JWT_VERIFY_AUDIENCES",
            "kubedeploy-api",
            "APP_AUTH_BOOTSTRAP_ADMIN_SUBJECT",
            adminSubject));
  }

  /**
   * A reconciler's environment: its database, the real helm with a work folder of its own, the
   * cluster as {@code kubeconfig} says, charts from {@code chartDir}, and the release role the
   * platform chart installs. No port: each caller picks its own.
   */
  public static Map<String, String> reconcilerEnvironment(
      TestDatabase.Coordinates database, Path kubeconfig, Path chartDir, Path helmWork) {
    return merge(
        databaseEnvironment(database),
        Map.of(
            "APP_HELM_BINARY", HelmBinary.configuredOrDefault().toString(),
            "APP_HELM_WORK_DIR", helmWork.toString(),
            "APP_HELM_KUBECONFIG", kubeconfig.toString(),
            "APP_HELM_LOCAL_CHART_DIR", chartDir.toString(),
            "APP_KUBE_RELEASE_CLUSTER_ROLE", PlatformChartRbac.RELEASE_ROLE));
  }

  /** The sample charts' folder, the reconciler's local charts unless a test gives others. */
  public static Path sampleCharts() {
    return ProjectPaths.resolve("deploy/sample-charts");
  }

  private static Map<String, String> databaseEnvironment(TestDatabase.Coordinates database) {
    return Map.of(
        "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
        "QUARKUS_DATASOURCE_USERNAME", database.username(),
        "QUARKUS_DATASOURCE_PASSWORD", database.password());
  }

  KubeHarness cluster() {
    return cluster;
  }

  /** The api-service's base URL, without {@code /api/v1}. */
  String apiUrl() {
    return apiUrl;
  }

  String adminToken() {
    return adminToken;
  }

  String userToken() {
    return userToken;
  }

  /** A request to the API's {@code /api/v1} as the bearer of {@code token}. */
  RequestSpecification as(String token) {
    return given()
        .baseUri(apiUrl)
        .basePath("/api/v1")
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON);
  }

  /** The deployment as its owner, the user, reads it. */
  JsonPath deployment(String uid) {
    return deployment(userToken, uid);
  }

  /** Waits until the user's deployment has {@code status}; returns it as then read. */
  JsonPath awaitStatus(String uid, String status, Duration atMost) {
    await(uid + " " + status)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(deployment(uid).getString("status")).isEqualTo(status));
    return deployment(uid);
  }

  /** A token signed with the dev key (bin/mint-token) for {@code subject}. */
  String mintToken(String subject, String... options) {
    return mintToken(work, subject, options);
  }

  /** A token signed with the dev key (bin/mint-token) for {@code subject}, run in {@code work}. */
  public static String mintToken(Path work, String subject, String... options) {
    var command = new ArrayList<String>();
    command.add(ProjectPaths.resolve("bin/mint-token").toString());
    command.addAll(List.of("--subject", subject));
    command.addAll(List.of(options));
    return Command.of(command).directory(work).output(Duration.ofMinutes(2)).strip();
  }

  /** Creates a deployment as the user with the request {@code body}; returns its uid. */
  String createDeployment(Map<String, ?> body) {
    return as(userToken)
        .body(body)
        .post("/deployments")
        .then()
        .statusCode(201)
        .extract()
        .path("deployment_uid")
        .toString();
  }

  /** Publishes a product (as the admin). */
  void publishProduct(String slug, String name) {
    as(adminToken)
        .body(Map.of("slug", slug, "name", name))
        .post("/products")
        .then()
        .statusCode(201);
  }

  /**
   * Publishes a template version of a product whose chart lies in the reconciler's chart folder;
   * returns its id. {@code template} holds the fields of the request beyond the chart reference.
   */
  long publishTemplate(String product, Map<String, ?> template) {
    return as(adminToken)
        .body(template)
        .post("/products/" + product + "/templates")
        .then()
        .log()
        .ifValidationFails()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /**
   * The request that publishes a version of the sample chart {@code webapp} from the sample
   * repository: its digest as published, its values schema, replicas, resources and domain as
   * capabilities, and the baseline Pod Security level (nginx runs as root: the restricted level
   * would refuse its pods).
   */
  public static Map<String, Object> sampleWebappTemplate(String version, int healthTimeoutSec)
      throws IOException {
    return Map.of(
        "version_label",
        version,
        "package_type",
        "helm-chart",
        "chart_ref",
        "repo/webapp-" + version + ".tgz",
        "chart_version",
        version,
        "chart_digest",
        publishedDigest("webapp", version),
        "values_schema_json",
        sampleSchema("webapp"),
        "capabilities_json",
        Map.of("replicas", "replicaCount", "resources", "resources", "domain", "ingress.host"),
        "pod_security_level",
        "baseline",
        "health_timeout_sec",
        healthTimeoutSec);
  }

  /** Publishes a version of a sample chart without capabilities; returns its id. */
  long publishSampleTemplate(String chart, String version, int healthTimeoutSec)
      throws IOException {
    return publishSampleTemplate(chart, version, healthTimeoutSec, Map.of());
  }

  /**
   * Publishes a version of a sample chart from the sample repository (as the admin), pinned by the
   * digest the repository publishes and with the chart's own values schema; returns its id.
   */
  long publishSampleTemplate(
      String chart, String version, int healthTimeoutSec, Map<String, ?> capabilities)
      throws IOException {
    return publishTemplate(
        chart,
        Map.of(
            "version_label",
            version,
            "package_type",
            "helm-chart",
            "chart_ref",
            "repo/" + chart + "-" + version + ".tgz",
            "chart_version",
            version,
            "chart_digest",
            publishedDigest(chart, version),
            "values_schema_json",
            sampleSchema(chart),
            "capabilities_json",
            capabilities,
            // nginx runs as root: the restricted level would refuse its pods
            "pod_security_level",
            "baseline",
            "health_timeout_sec",
            healthTimeoutSec));
  }

  /** The deployment as the bearer of {@code token} reads it. */
  JsonPath deployment(String token, String uid) {
    return as(token).get("/deployments/" + uid).then().statusCode(200).extract().jsonPath();
  }

  /**
   * Waits until the cluster has {@code generation} of the deployment and it shows {@code status}; a
   * failure on the way ends the wait at once.
   */
  JsonPath awaitApplied(String token, String uid, String status, long generation) {
    await(uid + " " + status + " at generation " + generation)
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              var deployment = deployment(token, uid);
              assertThat(deployment.getString("status"))
                  .as(deployment.prettify())
                  .isNotEqualTo("failed");
              assertThat(deployment.getString("applied_generation"))
                  .isEqualTo(Long.toString(generation));
              assertThat(deployment.getString("status")).isEqualTo(status);
            });
    return deployment(token, uid);
  }

  /** The values schema a sample chart ships. */
  static JsonNode sampleSchema(String chart) throws IOException {
    return new ObjectMapper()
        .readTree(sampleCharts().resolve(chart).resolve("values.schema.json").toFile());
  }

  /** The webapp chart's values schema with {@code config.password} marked secret. */
  static Map<?, ?> webappSchemaWithSecretPassword() throws IOException {
    var schema = (ObjectNode) sampleSchema("webapp");
    ((ObjectNode) schema.path("properties").path("config"))
        .putObject("properties")
        .putObject("password")
        .put("type", "string")
        .put("writeOnly", true);
    return new ObjectMapper().convertValue(schema, Map.class);
  }

  /** The digest the sample chart repository's index publishes for the chart version. */
  static String publishedDigest(String chart, String version) throws IOException {
    JsonNode index = new YAMLMapper().readTree(sampleCharts().resolve("repo/index.yaml").toFile());
    for (var entry : index.path("entries").path(chart)) {
      if (entry.path("version").asText().equals(version)) {
        return "sha256:" + entry.path("digest").asText();
      }
    }
    throw new IllegalStateException(chart + " " + version + " is not in the sample repository");
  }

  @Override
  public void close() {
    for (var process : processes.reversed()) {
      closeQuietly(process);
    }
    closeQuietly(cluster);
  }

  /** Closes {@code closeable} (if any), ignoring what goes wrong: shutdown keeps closing others. */
  public static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // keep closing the others
    }
  }

  /** The packaged service jar that the system property {@code property} names. */
  public static Path jar(String property) {
    return Path.of(System.getProperty(property));
  }

  @SafeVarargs
  private static Map<String, String> merge(Map<String, String>... maps) {
    var merged = new HashMap<String, String>();
    for (var map : maps) {
      merged.putAll(map);
    }
    return merged;
  }
}
