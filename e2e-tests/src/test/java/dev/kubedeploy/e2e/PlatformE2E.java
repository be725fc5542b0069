package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform as it runs: both packaged services in their own JVMs, a PostgreSQL database, the
 * Kubernetes harness and the real helm binary. The test acts as a client would, through the REST
 * API only, and watches each change reach the cluster.
 */
class PlatformE2E extends SharedPlatform {

  private static final Duration CONVERGE = Platform.CONVERGE;

  private static long template1;
  private static long template2;

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
    platform.publishProduct("never-ready", "Never ready");
    var template = platform.publishSampleTemplate("never-ready", "0.1.0", 3, Map.of());
    var uid =
        platform.createDeployment(
            Map.of("name", "stuck", "template_id", template, "target_replicas", 1));

    var failed = awaitStatus(uid, "failed");

    assertThat(failed.getString("last_error")).isNotBlank();
    assertThat((Object) failed.get("applied_template_id")).isNull();
  }

  private static JsonPath awaitDeployment(String uid, String status, long generation) {
    return platform.awaitApplied(userToken, uid, status, generation);
  }

  private static JsonPath awaitStatus(String uid, String status) {
    return platform.awaitStatus(uid, status, CONVERGE);
  }

  private static JsonPath read(String uid) {
    return platform.deployment(userToken, uid);
  }

  @BeforeAll
  static void publishTheSampleProduct() throws IOException {
    platform.publishProduct("webapp", "Web app");
    var capabilities =
        Map.of("replicas", "replicaCount", "resources", "resources", "domain", "ingress.host");
    template1 = platform.publishSampleTemplate("webapp", "0.1.0", 60, capabilities);
    template2 = platform.publishSampleTemplate("webapp", "0.2.0", 60, capabilities);
  }

  private static RequestSpecification as(String token) {
    return platform.as(token);
  }
}
