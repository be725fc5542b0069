package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revisions, rollback and suspension on the running platform: the packaged services, real helm and
 * the Kubernetes harness, driven through the REST API and checked in the cluster.
 */
class RevisionsE2E extends SharedPlatform {

  /** How long a suspended deployment must be seen left alone. */
  private static final Duration LEFT_ALONE = Duration.ofSeconds(5);

  private static long template1;
  private static long template2;

  @BeforeAll
  static void publishTheSampleProduct() throws Exception {
    platform.publishProduct("webapp", "Web app");
    var capabilities = Map.of("replicas", "replicaCount", "resources", "resources");
    template1 = platform.publishSampleTemplate("webapp", "0.1.0", 60, capabilities);
    template2 = platform.publishSampleTemplate("webapp", "0.2.0", 60, capabilities);
  }

  @Test
  void rollbackToAnEarlierGenerationBringsBackItsTemplateAndValues() {
    var uid = create("rolled", "first");
    platform.awaitApplied(userToken, uid, "running", 1);
    platform
        .as(userToken)
        .body(Map.of("user_values", greeting("second")))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200);
    platform.awaitApplied(userToken, uid, "running", 2);
    platform
        .as(adminToken)
        .body(Map.of("template_id", template2))
        .post("/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(200);
    platform.awaitApplied(userToken, uid, "running", 3);
    assertThat(image(uid)).isEqualTo("nginx:1.28");
    platform
        .as(userToken)
        .get("/deployments/" + uid + "/revisions")
        .then()
        .statusCode(200)
        .body("items.generation", contains(3, 2, 1))
        .body("items.operation", contains("upgrade", "update", "create"))
        .body("items.outcome", contains("applied", "applied", "applied"));

    platform
        .as(userToken)
        .body(Map.of("to_generation", 1))
        .post("/deployments/" + uid + "/rollback")
        .then()
        .statusCode(200)
        .body("generation", equalTo(4));
    var rolledBack = platform.awaitApplied(userToken, uid, "running", 4);

    assertThat(rolledBack.getLong("applied_template_id")).isEqualTo(template1);
    assertThat(image(uid)).isEqualTo("nginx:1.27");
    assertThat(greetingInCluster(uid)).isEqualTo("first");
    platform
        .as(userToken)
        .get("/deployments/" + uid + "/revisions")
        .then()
        .body("items[0].operation", equalTo("rollback"))
        .body("items[0].template_id", equalTo((int) template1))
        .body("items[0].outcome", equalTo("applied"))
        .body("items[0].values_digest", equalTo(revisionDigest(uid, 1)));
    // the pods of the rolled-out template went away and say when
    assertThat(rolledBack.getList("replicas.pods.stopped_at"))
        .anySatisfy(at -> assertThat(at).isNotNull());
  }

  @Test
  void aSuspendedDeploymentIsLeftAloneAndItsChangesAreAppliedAtResume() {
    var uid = create("paused", "first");
    platform.awaitApplied(userToken, uid, "running", 1);
    var quotaBefore = requestedCpu(uid);

    platform
        .as(userToken)
        .post("/deployments/" + uid + "/suspend")
        .then()
        .statusCode(200)
        .body("suspended_at", notNullValue());
    platform
        .as(userToken)
        .body(
            Map.of(
                "user_values",
                greeting("while suspended"),
                "resources",
                Map.of("cpu_cores", 2, "memory_mb", 1024, "gpu_units", 0, "storage_gb", 1)))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("generation", equalTo(2));
    platform
        .as(userToken)
        .body(Map.of("mode", "resync"))
        .post("/deployments/" + uid + "/reconcile")
        .then()
        .statusCode(200);

    await("nothing applied while suspended")
        .during(LEFT_ALONE)
        .atMost(LEFT_ALONE.plusSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              var deployment = platform.deployment(userToken, uid);
              assertThat(deployment.getString("status")).isEqualTo("pending");
              assertThat(deployment.getLong("applied_generation")).isEqualTo(1);
              assertThat(greetingInCluster(uid)).isEqualTo("first");
              assertThat(requestedCpu(uid)).isEqualTo(quotaBefore);
            });

    platform
        .as(userToken)
        .post("/deployments/" + uid + "/resume")
        .then()
        .statusCode(200)
        .body("suspended_at", equalTo(null));
    platform.awaitApplied(userToken, uid, "running", 2);

    assertThat(greetingInCluster(uid)).isEqualTo("while suspended");
    assertThat(requestedCpu(uid).getNumericalAmount())
        .isGreaterThan(quotaBefore.getNumericalAmount());
    assertThat(
            platform
                .as(userToken)
                .get("/deployments/" + uid + "/history")
                .then()
                .extract()
                .jsonPath()
                .getList("items.reason", String.class))
        .contains("suspend", "resume")
        .anySatisfy(reason -> assertThat(reason).contains("resources cpu_cores 0.5 -> 2"));
  }

  private static String create(String name, String greeting) {
    return platform.createDeployment(
        Map.of(
            "name",
            name,
            "template_id",
            template1,
            "target_replicas",
            1,
            "user_values",
            greeting(greeting)));
  }

  private static Map<String, Object> greeting(String greeting) {
    return Map.of("config", Map.of("greeting", greeting));
  }

  private static String revisionDigest(String uid, int generation) {
    return platform
        .as(userToken)
        .get("/deployments/" + uid + "/revisions")
        .then()
        .extract()
        .jsonPath()
        .getString("items.find { it.generation == " + generation + " }.values_digest");
  }

  private static String greetingInCluster(String uid) {
    return cluster
        .client()
        .configMaps()
        .inNamespace(uid)
        .withName(uid)
        .get()
        .getData()
        .get("greeting");
  }

  private static String image(String uid) {
    return cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(uid)
        .withName(uid)
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getImage();
  }

  private static Quantity requestedCpu(String uid) {
    return cluster
        .client()
        .resourceQuotas()
        .inNamespace(uid)
        .withName("kubedeploy-quota")
        .get()
        .getSpec()
        .getHard()
        .get("requests.cpu");
  }
}
