package dev.kubedeploy.reconciler.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.reconciler.helm.ChartDigests;
import dev.kubedeploy.reconciler.helm.HelmBinaries;
import dev.kubedeploy.reconciler.reconcile.KubeHarnessResource;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole platform: the packaged api-service and this reconciler (with its queue) on one
 * PostgreSQL, real helm, the Kubernetes harness. A deployment is created, changed, upgraded, scaled
 * and deleted through the REST API, and every outcome is read through the REST API only.
 *
 * <p>Its name keeps it out of the module's default test run, because it needs the packaged
 * api-service ({@link ApiService}), which a build of this module alone does not make:
 *
 * <pre>
 * bin/mvn -B -ntp package -pl api-service -DskipTests -Dtarget.dir=target-e2e
 * bin/mvn -B -ntp verify -pl reconciler-service -Dtarget.dir=target-e2e -Dtest=ApiToClusterE2E \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dkubedeploy.api.jar=$PWD/api-service/target-e2e/quarkus-app/quarkus-run.jar
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = KubeHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.queue.enabled", value = "true"),
      @ResourceArg(name = "app.queue.concurrency", value = "4"),
      @ResourceArg(name = "app.queue.poll-interval", value = "500ms"),
      @ResourceArg(name = "app.queue.resync.enabled", value = "false")
    })
class ApiToClusterE2E {

  private static final Path CHARTS = HelmBinaries.projectRoot().resolve("deploy/sample-charts");
  private static final Duration SETTLE = Duration.ofSeconds(90);

  private ApiService api;
  private String admin;
  private String alice;

  @BeforeEach
  void startTheApi() throws Exception {
    var config = ConfigProvider.getConfig();
    api =
        ApiService.start(
            config.getValue("quarkus.datasource.jdbc.url", String.class),
            config.getValue("quarkus.datasource.username", String.class),
            config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    admin = ApiService.token(ApiService.ADMIN);
    alice = ApiService.token("alice-e2e");
  }

  @AfterEach
  void stopTheApi() throws Exception {
    api.close();
  }

  private RequestSpecification as(String token) {
    return given()
        .baseUri(api.baseUri())
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON);
  }

  private long publishWebapp(String version) throws Exception {
    var archive = "repo/webapp-" + version + ".tgz";
    var body =
        Map.of(
            "version_label",
            version,
            "chart_ref",
            archive,
            "chart_version",
            version,
            "chart_digest",
            ChartDigests.ofFile(CHARTS.resolve(archive)),
            "default_values_json",
            Map.of("config", Map.of("greeting", "hello")),
            "values_schema_json",
            new JsonPath(Files.readString(CHARTS.resolve("webapp/values.schema.json"))).getMap(""),
            "capabilities_json",
            Map.of(
                "replicas", "replicaCount",
                "resources", "resources",
                "domain", "ingress.host",
                "ingress_enabled", "ingress.enabled"),
            "health_timeout_sec",
            30);
    return as(admin)
        .body(body)
        .post("/products/webapp/templates")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private JsonPath read(String uid) {
    return as(alice).get("/deployments/" + uid).then().statusCode(200).extract().jsonPath();
  }

  private JsonPath awaitDeployment(String uid, Predicate<JsonPath> condition) {
    await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> condition.test(read(uid)));
    return read(uid);
  }

  @Test
  void aDeploymentLivesItsWholeLifeThroughTheApi() throws Exception {
    as(admin)
        .body(Map.of("slug", "webapp", "name", "Web app", "description", "the sample chart"))
        .post("/products")
        .then()
        .statusCode(201);
    var first = publishWebapp("0.1.0");

    var uid =
        as(alice)
            .body(
                Map.of(
                    "name",
                    "shop",
                    "template_id",
                    first,
                    "domainname",
                    "shop-e2e.example.org",
                    "target_replicas",
                    2,
                    "resources",
                    Map.of("cpu_cores", 0.5, "memory_mb", 512, "storage_gb", 1)))
            .post("/deployments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("deployment_uid");

    var running = awaitDeployment(uid, d -> "running".equals(d.getString("status")));
    assertThat(running.getLong("applied_template_id")).isEqualTo(first);
    assertThat(running.getInt("applied_generation")).isEqualTo(1);
    assertThat(running.getInt("replicas.ready")).isEqualTo(2);
    assertThat(running.getList("replicas.pods")).hasSize(2);
    assertThat(running.getString("last_error")).isNull();

    as(alice)
        .body(Map.of("user_values", Map.of("config", Map.of("greeting", "hi"))))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200);
    awaitDeployment(
        uid, d -> d.getInt("applied_generation") == 2 && "running".equals(d.getString("status")));

    var second = publishWebapp("0.2.0");
    as(admin)
        .body(Map.of("template_id", second))
        .post("/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(200);
    var upgraded =
        awaitDeployment(
            uid,
            d ->
                d.getLong("applied_template_id") == second
                    && "running".equals(d.getString("status")));
    assertThat(upgraded.getInt("replicas.ready")).isEqualTo(2);

    as(alice)
        .body(Map.of("target_replicas", 0))
        .post("/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);
    var stopped = awaitDeployment(uid, d -> "stopped".equals(d.getString("status")));
    assertThat(stopped.getList("replicas.pods")).isEmpty();

    as(alice)
        .body(Map.of("target_replicas", 1))
        .post("/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);
    var scaled =
        awaitDeployment(
            uid, d -> "running".equals(d.getString("status")) && d.getInt("replicas.ready") == 1);
    assertThat(scaled.getList("replicas.pods")).hasSize(1);

    as(alice).delete("/deployments/" + uid).then().statusCode(202);
    var deleted = awaitDeployment(uid, d -> "deleted".equals(d.getString("status")));
    assertThat(deleted.getString("deleted_at")).isNotNull();

    List<String> statuses =
        as(alice)
            .get("/deployments/" + uid + "/history")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.new_status");
    assertThat(statuses)
        .contains("pending", "reconciling", "running", "stopped", "deleting", "deleted");
  }
}
