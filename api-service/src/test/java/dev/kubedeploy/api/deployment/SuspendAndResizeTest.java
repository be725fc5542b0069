package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static dev.kubedeploy.api.support.DeploymentRows.historyReasons;
import static dev.kubedeploy.api.support.DeploymentRows.queuedReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST .../suspend and .../resume, and resource changes through PATCH. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SuspendAndResizeTest {

  private String user;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("owner"));
    var product = Api.unique("susp");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void suspendShowsInTheReadModelAndAskingTwiceChangesNothing() {
    var uid = Api.createDeployment(user, template, "paused");

    var etag =
        as(user)
            .post(path(uid) + "/suspend")
            .then()
            .statusCode(200)
            .body("suspended_at", notNullValue())
            .body("status", equalTo("pending"))
            .body("generation", equalTo(1))
            .extract()
            .header("ETag");
    as(user)
        .get(path(uid))
        .then()
        .header("ETag", equalTo(etag))
        .body("suspended_at", notNullValue());
    as(user).post(path(uid) + "/suspend").then().statusCode(200).header("ETag", equalTo(etag));

    assertThat(historyReasons(uid)).containsExactly("suspend", "create");
  }

  @Test
  void changesWhileSuspendedAreStoredAndResumeQueuesTheReconcileThatAppliesThem() {
    var uid = Api.createDeployment(user, template, "stored");
    finishJobs(uid);
    as(user).post(path(uid) + "/suspend").then().statusCode(200);

    as(user)
        .body(Map.of("target_replicas", 3))
        .post(path(uid) + "/scale")
        .then()
        .statusCode(200)
        .body("generation", equalTo(2))
        .body("target_replicas", equalTo(3))
        .body("suspended_at", notNullValue());
    finishJobs(uid);

    as(user)
        .post(path(uid) + "/resume")
        .then()
        .statusCode(200)
        .body("suspended_at", nullValue())
        .body("generation", equalTo(2));
    assertThat(queuedReasons(uid)).containsExactly("resume");
    assertThat(historyReasons(uid))
        .containsExactly("resume", "scale: replicas 1 -> 3", "suspend", "create");
  }

  @Test
  void resumeWithNothingUnappliedQueuesAResync() {
    var uid = Api.createDeployment(user, template, "insync");
    finishJobs(uid);
    Db.sql()
        .update(
            "UPDATE deployment SET status = 'running', applied_generation = 1"
                + " WHERE deployment_uid = ?",
            uid);
    as(user).post(path(uid) + "/suspend").then().statusCode(200);

    as(user).post(path(uid) + "/resume").then().statusCode(200).body("status", equalTo("running"));

    assertThat(queuedReasons(uid)).containsExactly("resync");
  }

  @Test
  void resumeOfADeploymentThatIsNotSuspendedChangesNothing() {
    var uid = Api.createDeployment(user, template, "running");
    finishJobs(uid);

    as(user).post(path(uid) + "/resume").then().statusCode(200).body("suspended_at", nullValue());

    assertThat(queuedReasons(uid)).isEmpty();
    assertThat(historyReasons(uid)).containsExactly("create");
  }

  @Test
  void suspendAndResumeRefuseDeletedDeploymentsStaleEtagsAndStrangers() {
    var uid = Api.createDeployment(user, template, "refused");

    as(user)
        .header("If-Match", "\"1-stale\"")
        .post(path(uid) + "/suspend")
        .then()
        .statusCode(412)
        .contentType("application/problem+json");
    as(Api.createUser(Api.unique("stranger"))).post(path(uid) + "/suspend").then().statusCode(404);
    as(user).delete(path(uid)).then().statusCode(202);
    as(user)
        .post(path(uid) + "/suspend")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    as(user).post(path(uid) + "/resume").then().statusCode(409);

    assertThat(
            Db.sql()
                .count(
                    "SELECT count(*) FROM deployment WHERE suspended_at IS NOT NULL"
                        + " AND deployment_uid = ?",
                    uid))
        .isZero();
  }

  @Test
  void patchedResourcesAreStoredAndTheirOldAndNewValuesRecorded() {
    var uid = Api.createDeployment(user, template, "resized");

    as(user)
        .body(
            Map.of(
                "resources",
                Map.of("cpu_cores", 1, "memory_mb", 1024, "gpu_units", 0, "storage_gb", 1)))
        .patch(path(uid))
        .then()
        .statusCode(200)
        .body("generation", equalTo(2))
        .body("status", equalTo("pending"))
        .body("resources.cpu_cores", equalTo(1))
        .body("resources.memory_mb", equalTo(1024));

    assertThat(
            Db.sql()
                .rows(
                    "SELECT r.cpu_cores::text AS cpu, r.memory_mb FROM deployment_resource r"
                        + " JOIN deployment d ON d.id = r.deployment_id WHERE d.deployment_uid = ?",
                    uid))
        .containsExactly(Map.of("cpu", "1.000", "memory_mb", 1024));
    assertThat(historyReasons(uid))
        .containsExactly("resize: resources cpu_cores 0.5 -> 1, memory_mb 512 -> 1024", "create");
    assertThat(queuedReasons(uid)).containsExactly("resize");
    as(user)
        .get(path(uid) + "/revisions")
        .then()
        .body("items.operation", contains("resize", "create"));
  }

  @Test
  void patchWithTheSameResourcesWrittenDifferentlyChangesNothing() {
    var uid = Api.createDeployment(user, template, "same");

    as(user)
        .body(Map.of("resources", Map.of("cpu_cores", 0.500, "memory_mb", 512, "storage_gb", 1)))
        .patch(path(uid))
        .then()
        .statusCode(200)
        .body("generation", equalTo(1));
  }

  @Test
  void resourcesOutOfBoundsAreRefusedWithTheFieldAndChangeNothing() {
    var uid = Api.createDeployment(user, template, "bounded");

    as(user)
        .body(
            Map.of(
                "domainname",
                "bounded.example.com",
                "resources",
                Map.of("cpu_cores", 64, "memory_mb", 1024, "storage_gb", 1)))
        .patch(path(uid))
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("resources.cpu_cores"));
    as(user)
        .body(Map.of("resources", Map.of("cpu_cores", 1, "storage_gb", 1)))
        .patch(path(uid))
        .then()
        .statusCode(422)
        .body("errors.field", contains("resources.memory_mb"));

    as(user)
        .get(path(uid))
        .then()
        .body("generation", equalTo(1))
        .body("domainname", nullValue())
        .body("resources.cpu_cores", equalTo(0.5f));
  }

  private static void finishJobs(String uid) {
    Db.sql()
        .update(
            "UPDATE deployment_reconcile_job SET status = 'done' WHERE deployment_id ="
                + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
            uid);
  }

  private static String path(String uid) {
    return "/api/v1/deployments/" + uid;
  }
}
