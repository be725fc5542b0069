package dev.kubedeploy.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.ProjectPaths;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform as it runs: both packaged services in their own JVMs, a PostgreSQL database, the
 * Kubernetes harness and the real helm binary. The test acts as a client would, through the REST
 * API only, and watches each change reach the cluster.
 */
class PlatformE2E {

  private static final Duration CONVERGE = Duration.ofMinutes(3);
  private static final String ADMIN = "e2e-admin";
  private static final String USER = "e2e-user";

  @TempDir static Path work;

  private static KubeHarness cluster;
  private static ServiceProcess api;
  private static ServiceProcess reconciler;
  private static String apiUrl;
  private static String adminToken;
  private static String userToken;
  private static long template1;
  private static long template2;

  @BeforeAll
  static void startThePlatform() throws Exception {
    var database = TestDatabase.createDatabase("e2e");
    cluster = KubeHarness.start();
    var databaseEnvironment =
        Map.of(
            "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
            "QUARKUS_DATASOURCE_USERNAME", database.username(),
            "QUARKUS_DATASOURCE_PASSWORD", database.password());

    var apiPort = ServiceProcess.freePort();
    apiUrl = "http://127.0.0.1:" + apiPort;
    api =
        ServiceProcess.start(
            "api",
            jar("kubedeploy.api.jar"),
            List.of("-Dquarkus.liquibase.migrate-at-start=true"),
            merge(
                databaseEnvironment,
                Map.of(
                    "QUARKUS_HTTP_PORT",
                    Integer.toString(apiPort),
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                    ProjectPaths.resolve("api-service/src/test/resources/dev-keys/public-key.pem")
                        .toString(),
                    "MP_JWT_VERIFY_ISSUER",
                    "kubedeploy-dev",
                    "MP_JWT_VERIFY_AUDIENCES",
                    "kubedeploy-api",
                    "APP_AUTH_BOOTSTRAP_ADMIN_SUBJECT",
                    ADMIN)),
            work);
    api.awaitReady(apiUrl + "/q/health/ready", Duration.ofMinutes(2));

    var reconcilerPort = ServiceProcess.freePort();
    reconciler =
        ServiceProcess.start(
            "reconciler",
            jar("kubedeploy.reconciler.jar"),
            List.of(),
            merge(
                databaseEnvironment,
                Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(reconcilerPort),
                    "APP_HELM_BINARY", HelmBinary.configuredOrDefault().toString(),
                    "APP_HELM_WORK_DIR", work.resolve("helm-work").toString(),
                    "APP_HELM_KUBECONFIG", cluster.kubeconfig().toString(),
                    "APP_HELM_LOCAL_CHART_DIR",
                        ProjectPaths.resolve("deploy/sample-charts").toString(),
                    "APP_QUEUE_RETRY_INITIAL_DELAY", "1s",
                    "APP_QUEUE_RETRY_MAX_ATTEMPTS", "3")),
            work);
    reconciler.awaitReady(
        "http://127.0.0.1:" + reconcilerPort + "/q/health/ready", Duration.ofMinutes(2));

    adminToken = mintToken(ADMIN);
    publishTheSampleProduct();
    as(adminToken)
        .body(Map.of("subject", USER, "username", USER, "email", USER + "@example.com"))
        .post("/users")
        .then()
        .statusCode(201);
    userToken = mintToken(USER);
  }

  @AfterAll
  static void stopThePlatform() {
    for (var process : new AutoCloseable[] {api, reconciler, cluster}) {
      try {
        if (process != null) {
          process.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  @Test
  void deploymentGoesFromCreateToRunningThroughUpdateUpgradeScaleAndDelete() {
    var uid =
        as(userToken)
            .body(
                Map.of(
                    "name",
                    "shop",
                    "template_id",
                    template1,
                    "domainname",
                    "shop.e2e.example",
                    "target_replicas",
                    2,
                    "user_values",
                    Map.of("config", Map.of("greeting", "hi")),
                    "resources",
                    Map.of("cpu_cores", 1, "memory_mb", 1024, "gpu_units", 0, "storage_gb", 2)))
            .post("/deployments")
            .then()
            .statusCode(201)
            .body("status", equalTo("pending"))
            .extract()
            .path("deployment_uid")
            .toString();

    var created = awaitDeployment(uid, "running", 1);
    assertThat(created.getInt("replicas.ready")).isEqualTo(2);
    assertThat(created.getList("replicas.pods")).hasSize(2);
    assertThat(created.getLong("applied_template_id")).isEqualTo(template1);
    assertThat(cluster.client().namespaces().withName(uid).get()).isNotNull();

    as(userToken)
        .body(Map.of("user_values", Map.of("config", Map.of("greeting", "changed"))))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200);
    awaitDeployment(uid, "running", 2);
    assertThat(
            cluster.client().configMaps().inNamespace(uid).list().getItems().stream()
                .flatMap(
                    map -> map.getData() == null ? Stream.empty() : map.getData().values().stream())
                .toList())
        .contains("changed");

    as(userToken)
        .body(Map.of("template_id", template2))
        .post("/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(403);
    as(adminToken)
        .body(Map.of("template_id", template2))
        .post("/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(200);
    var upgraded = awaitDeployment(uid, "running", 3);
    assertThat(upgraded.getLong("applied_template_id")).isEqualTo(template2);

    as(userToken)
        .body(Map.of("target_replicas", 0))
        .post("/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);
    var stopped = awaitDeployment(uid, "stopped", 4);
    assertThat(stopped.getInt("replicas.ready")).isZero();

    as(userToken)
        .body(Map.of("target_replicas", 3))
        .post("/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);
    await("three pods ready")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(read(uid).getInt("replicas.ready")).isEqualTo(3));
    assertThat(read(uid).getString("status")).isEqualTo("running");

    as(userToken).delete("/deployments/" + uid).then().statusCode(202);
    var deleted = awaitStatus(uid, "deleted");
    assertThat(deleted.getString("deleted_at")).isNotNull();
    assertThat(cluster.client().namespaces().withName(uid).get()).isNull();

    var history =
        as(userToken)
            .get("/deployments/" + uid + "/history")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.new_status", String.class);
    assertThat(history.getFirst()).isEqualTo("deleted");
    assertThat(history).contains("pending", "reconciling", "running", "stopped", "deleting");
  }

  @Test
  void chartThatNeverBecomesReadyEndsFailedWithHelmsReason() throws IOException {
    as(adminToken)
        .body(Map.of("slug", "never-ready", "name", "Never ready"))
        .post("/products")
        .then()
        .statusCode(201);
    var template =
        publishTemplate("never-ready", "0.1.0", "repo/never-ready-0.1.0.tgz", 3, Map.of());
    var uid =
        as(userToken)
            .body(Map.of("name", "stuck", "template_id", template, "target_replicas", 1))
            .post("/deployments")
            .then()
            .statusCode(201)
            .extract()
            .path("deployment_uid")
            .toString();

    var failed = awaitStatus(uid, "failed");

    assertThat(failed.getString("last_error")).isNotBlank();
    assertThat((Object) failed.get("applied_template_id")).isNull();
  }

  private static JsonPath awaitDeployment(String uid, String status, long generation) {
    await(uid + " " + status + " at generation " + generation)
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              var deployment = read(uid);
              assertThat(deployment.getString("status"))
                  .as(deployment.prettify())
                  .isNotEqualTo("failed");
              assertThat(deployment.getString("applied_generation"))
                  .isEqualTo(Long.toString(generation));
              assertThat(deployment.getString("status")).isEqualTo(status);
            });
    return read(uid);
  }

  private static JsonPath awaitStatus(String uid, String status) {
    await(uid + " " + status)
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(() -> assertThat(read(uid).getString("status")).isEqualTo(status));
    return read(uid);
  }

  private static JsonPath read(String uid) {
    return as(userToken).get("/deployments/" + uid).then().statusCode(200).extract().jsonPath();
  }

  private static void publishTheSampleProduct() throws IOException {
    as(adminToken)
        .body(Map.of("slug", "webapp", "name", "Web app"))
        .post("/products")
        .then()
        .statusCode(201);
    var capabilities =
        Map.of("replicas", "replicaCount", "resources", "resources", "domain", "ingress.host");
    template1 = publishTemplate("webapp", "0.1.0", "repo/webapp-0.1.0.tgz", 60, capabilities);
    template2 = publishTemplate("webapp", "0.2.0", "repo/webapp-0.2.0.tgz", 60, capabilities);
  }

  private static long publishTemplate(
      String chart, String version, String ref, int healthTimeout, Map<String, ?> capabilities)
      throws IOException {
    var schema =
        new ObjectMapper()
            .readTree(
                ProjectPaths.resolve("deploy/sample-charts/" + chart + "/values.schema.json")
                    .toFile());
    var body =
        Map.of(
            "version_label", version,
            "package_type", "helm-chart",
            "chart_ref", ref,
            "chart_version", version,
            "chart_digest", publishedDigest(chart, version),
            "values_schema_json", schema,
            "capabilities_json", capabilities,
            "health_timeout_sec", healthTimeout);
    return as(adminToken)
        .body(body)
        .post("/products/" + chart + "/templates")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** The digest the sample chart repository's index publishes for the chart version. */
  private static String publishedDigest(String chart, String version) throws IOException {
    JsonNode index =
        new YAMLMapper()
            .readTree(ProjectPaths.resolve("deploy/sample-charts/repo/index.yaml").toFile());
    for (var entry : index.path("entries").path(chart)) {
      if (entry.path("version").asText().equals(version)) {
        return "sha256:" + entry.path("digest").asText();
      }
    }
    throw new IllegalStateException(chart + " " + version + " is not in the sample repository");
  }

  private static RequestSpecification as(String token) {
    return given()
        .baseUri(apiUrl)
        .basePath("/api/v1")
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON);
  }

  private static String mintToken(String subject) throws Exception {
    var process =
        new ProcessBuilder(ProjectPaths.resolve("bin/mint-token").toString(), "--subject", subject)
            .redirectError(work.resolve("mint-token.log").toFile())
            .start();
    var token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(() -> readQuietly(work.resolve("mint-token.log"))).isZero();
    return token;
  }

  private static Path jar(String property) {
    return Path.of(System.getProperty(property));
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    var merged = new HashMap<>(a);
    merged.putAll(b);
    return merged;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
