package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static dev.kubedeploy.api.support.DeploymentRows.historyReasons;
import static dev.kubedeploy.api.support.DeploymentRows.queuedReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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

/** The success path of every deployment endpoint, and what each leaves in the database. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DeploymentLifecycleTest {

  private String user;
  private String product;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("owner"));
    product = Api.unique("wiki");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void createAssignsIdentityAndQueuesTheFirstReconcile() {
    var response =
        as(user)
            .body(
                Map.of(
                    "name",
                    "team-wiki",
                    "template_id",
                    template,
                    "domainname",
                    "Wiki.Example.com",
                    "user_values",
                    Map.of("replicaCount", 2),
                    "target_replicas",
                    3,
                    "resources",
                    Map.of("cpu_cores", 1.5, "memory_mb", 2048, "gpu_units", 1, "storage_gb", 10)))
            .post("/api/v1/deployments")
            .then()
            .statusCode(201)
            .header("ETag", notNullValue())
            .body("name", equalTo("team-wiki"))
            .body("product", equalTo(product))
            .body("owner", equalTo(user))
            .body("domainname", equalTo("wiki.example.com"))
            .body("desired_template_id", equalTo((int) template))
            .body("applied_template_id", nullValue())
            .body("user_values.replicaCount", equalTo(2))
            .body("target_replicas", equalTo(3))
            .body("resources.cpu_cores", equalTo(1.5f))
            .body("resources.memory_mb", equalTo(2048))
            .body("resources.gpu_units", equalTo(1))
            .body("resources.storage_gb", equalTo(10))
            .body("status", equalTo("pending"))
            .body("generation", equalTo(1))
            .body("applied_generation", nullValue())
            .body("replicas.desired", equalTo(3))
            .body("replicas.ready", equalTo(0))
            .body("replicas.pods", hasSize(0))
            .extract();
    var uid = response.jsonPath().getString("deployment_uid");

    assertThat(uid)
        .startsWith(product + "-" + user + "-")
        .hasSize(product.length() + user.length() + 8);
    assertThat(response.jsonPath().getString("namespace_name")).isEqualTo(uid);
    assertThat(response.jsonPath().getString("release_name")).isEqualTo(uid);
    assertThat(response.header("Location")).endsWith("/api/v1/deployments/" + uid);
    var sql = Db.sql();
    assertThat(
            sql.rows(
                "SELECT template_id, desired_template_id FROM deployment WHERE deployment_uid = ?",
                uid))
        .containsExactly(Map.of("template_id", template, "desired_template_id", template));
    assertThat(
            sql.column(
                "SELECT j.reason FROM deployment_reconcile_job j JOIN deployment d"
                    + " ON d.id = j.deployment_id WHERE d.deployment_uid = ? AND j.status = 'queued'",
                uid))
        .containsExactly("create");
    assertThat(
            sql.rows(
                "SELECT h.old_status, h.new_status, h.reason, u.subject FROM deployment_status_history h"
                    + " JOIN deployment d ON d.id = h.deployment_id JOIN users u ON u.id = h.changed_by"
                    + " WHERE d.deployment_uid = ?",
                uid))
        .hasSize(1)
        .first()
        .satisfies(
            row -> {
              assertThat(row.get("old_status")).isNull();
              assertThat(row.get("new_status")).isEqualTo("pending");
              assertThat(row.get("reason")).isEqualTo("create");
              assertThat(row.get("subject")).isEqualTo(user);
            });
  }

  @Test
  void getShowsTheDeploymentWithItsEtagAndObservedPods() {
    var uid = Api.createDeployment(user, template, "observed");
    Db.sql()
        .update(
            "INSERT INTO deployment_replica (deployment_id, pod_name, status)"
                + " SELECT id, 'pod-a', 'running' FROM deployment WHERE deployment_uid = ?",
            uid);

    var etag =
        as(user)
            .get("/api/v1/deployments/" + uid)
            .then()
            .statusCode(200)
            .body("deployment_uid", equalTo(uid))
            .body("replicas.desired", equalTo(1))
            .body("replicas.ready", equalTo(1))
            .body("replicas.pods.pod_name", contains("pod-a"))
            .body("resources.cpu_cores", equalTo(0.5f))
            .extract()
            .header("ETag");

    assertThat(etag).matches("\"1-[0-9a-z]+\"");
  }

  @Test
  void listFiltersByStatusProductAndName() {
    var uid = Api.createDeployment(user, template, "listed");
    Api.createDeployment(user, template, "other");

    as(user)
        .queryParam("name", "listed")
        .queryParam("product", product)
        .queryParam("status", "pending")
        .get("/api/v1/deployments")
        .then()
        .statusCode(200)
        .body("items.deployment_uid", contains(uid))
        .body("next_cursor", nullValue());
    as(user)
        .queryParam("status", "running")
        .get("/api/v1/deployments")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }

  @Test
  void patchChangesDomainAndValuesAndBumpsTheGeneration() {
    var uid = Api.createDeployment(user, template, "patched");

    as(user)
        .body(Map.of("domainname", "patched.example.com", "user_values", Map.of("replicaCount", 4)))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("domainname", equalTo("patched.example.com"))
        .body("user_values.replicaCount", equalTo(4))
        .body("generation", equalTo(2))
        .body("status", equalTo("pending"));

    assertThat(queuedReasons(uid)).containsExactly("update");
  }

  @Test
  void patchWithTheCurrentValuesChangesNothing() {
    var uid = Api.createDeployment(user, template, "unchanged");

    as(user)
        .body(Map.of("user_values", Map.of()))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("generation", equalTo(2));
    as(user)
        .body(Map.of("user_values", Map.of()))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("generation", equalTo(2));
  }

  @Test
  void scaleSetsTheReplicaCountAndZeroIsAllowed() {
    var uid = Api.createDeployment(user, template, "scaled");

    as(user)
        .body(Map.of("target_replicas", 0))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(200)
        .body("target_replicas", equalTo(0))
        .body("generation", equalTo(2));

    assertThat(queuedReasons(uid)).containsExactly("scale");
  }

  @Test
  void adminUpgradesToAnotherVersionOfTheSameProduct() {
    var uid = Api.createDeployment(user, template, "upgraded");
    var newer = Api.createTemplateWithSchema(product);

    as(Api.ADMIN)
        .body(Map.of("template_id", newer))
        .post("/api/v1/deployments/" + uid + "/upgrade")
        .then()
        .statusCode(200)
        .body("desired_template_id", equalTo((int) newer))
        .body("generation", equalTo(2));

    assertThat(queuedReasons(uid)).containsExactly("upgrade");
  }

  @Test
  void reconcileOfAFailedDeploymentRetriesWithoutABump() {
    var uid = Api.createDeployment(user, template, "retried");
    var sql = Db.sql();
    sql.update("UPDATE deployment SET status = 'failed' WHERE deployment_uid = ?", uid);
    sql.update(
        "UPDATE deployment_reconcile_job SET status = 'dead' WHERE deployment_id ="
            + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
        uid);

    as(user)
        .post("/api/v1/deployments/" + uid + "/reconcile")
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"))
        .body("generation", equalTo(1));

    assertThat(queuedReasons(uid)).containsExactly("retry");
    assertThat(historyReasons(uid)).containsExactly("retry", "create");
  }

  @Test
  void resyncOfAHealthyDeploymentQueuesAJobButWritesNoHistory() {
    var uid = Api.createDeployment(user, template, "resynced");
    Db.sql().update("UPDATE deployment SET status = 'running' WHERE deployment_uid = ?", uid);

    as(user)
        .body(Map.of("mode", "resync"))
        .post("/api/v1/deployments/" + uid + "/reconcile")
        .then()
        .statusCode(200)
        .body("status", equalTo("running"))
        .body("generation", equalTo(1));

    assertThat(queuedReasons(uid)).containsExactly("resync");
    assertThat(historyReasons(uid)).containsExactly("create");
  }

  @Test
  void deleteMarksDeletingAndTheNameIsFreeOnceDeleted() {
    var uid = Api.createDeployment(user, template, "deleted");

    as(user)
        .delete("/api/v1/deployments/" + uid)
        .then()
        .statusCode(202)
        .body("status", equalTo("deleting"))
        .body("generation", equalTo(2));
    assertThat(queuedReasons(uid)).containsExactly("delete");

    // what the reconciler does once the release is gone
    Db.sql()
        .update(
            "UPDATE deployment SET status = 'deleted', deleted_at = now() WHERE deployment_uid = ?",
            uid);
    var again = Api.createDeployment(user, template, "deleted");

    assertThat(again).isNotEqualTo(uid);
    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"))
        .body("deleted_at", notNullValue());
    as(user)
        .queryParam("status", "deleted")
        .queryParam("name", "deleted")
        .get("/api/v1/deployments")
        .then()
        .body("items.deployment_uid", contains(uid));
  }

  @Test
  void historyListsStatusChangesNewestFirst() {
    var uid = Api.createDeployment(user, template, "history");
    as(user)
        .body(Map.of("target_replicas", 2))
        .post("/api/v1/deployments/" + uid + "/scale")
        .then()
        .statusCode(200);

    as(user)
        .get("/api/v1/deployments/" + uid + "/history")
        .then()
        .statusCode(200)
        .body("items.reason", contains("scale: replicas 1 -> 2", "create"))
        .body("items.new_status", contains("pending", "pending"))
        .body("items[0].old_status", equalTo("pending"))
        .body("items[0].changed_by", equalTo(user))
        .body("items[0].changed_at", notNullValue());
  }

  @Test
  void etagOfAChangeEqualsTheEtagOfTheNextRead() {
    var uid = Api.createDeployment(user, template, "etag");

    var afterPatch =
        as(user)
            .body(Map.of("domainname", "etag.example.com"))
            .patch("/api/v1/deployments/" + uid)
            .then()
            .statusCode(200)
            .header("ETag", endsWith("\""))
            .extract()
            .header("ETag");

    as(user).get("/api/v1/deployments/" + uid).then().header("ETag", equalTo(afterPatch));
  }
}
