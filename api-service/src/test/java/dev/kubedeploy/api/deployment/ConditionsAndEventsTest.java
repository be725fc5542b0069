package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the read model says about why a deployment is where it is: conditions built from the status
 * and reason the reconciler recorded, the retry while one waits, and the events endpoint.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ConditionsAndEventsTest {

  private String user;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("owner"));
    var product = Api.unique("wiki");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  private static void reconcilerSays(String uid, String status, String reason, String message) {
    Db.sql()
        .update(
            "UPDATE deployment SET status = ?, status_reason = ?, status_message = ?,"
                + " status_changed_at = now(), observed_generation = generation,"
                + " applied_generation = generation, last_error = ? WHERE deployment_uid = ?",
            status,
            reason,
            message,
            "failed".equals(status) ? message : null,
            uid);
  }

  @Test
  void aFailedUpgradeIsStalledWithHelmsWordsAndNotReady() {
    var uid = Api.createDeployment(user, template, "stalled");
    var helm =
        "upgrade: upgrade to template 2.0 (generation 1) failed and was rolled back: release"
            + " stalled failed, and has been rolled back due to rollback-on-failure: context"
            + " deadline exceeded";
    reconcilerSays(uid, "failed", "RolloutTimedOut", helm);

    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("conditions.type", contains("Ready", "Reconciling", "Stalled"))
        .body("conditions.status", contains("False", "False", "True"))
        .body("conditions[2].reason", equalTo("RolloutTimedOut"))
        .body("conditions[2].message", equalTo(helm))
        .body("conditions[2].observed_generation", equalTo(1))
        .body("conditions[2].last_transition_time", notNullValue())
        .body("last_error", equalTo(helm))
        .body("attempt", nullValue());
  }

  @Test
  void aDegradedDeploymentIsNotReadyWithThePodsReasonButNotStalled() {
    var uid = Api.createDeployment(user, template, "degraded");
    reconcilerSays(uid, "degraded", "CrashLoopBackOff", "0/1 replicas ready; CrashLoopBackOff: x");

    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("status", equalTo("degraded"))
        .body("conditions.status", contains("False", "False", "False"))
        .body("conditions[0].reason", equalTo("CrashLoopBackOff"))
        .body("conditions[0].message", equalTo("0/1 replicas ready; CrashLoopBackOff: x"));
  }

  @Test
  void aRetryingDeploymentShowsItsAttemptsAndWhenTheNextIsDue() {
    var uid = Api.createDeployment(user, template, "retrying");
    Db.sql()
        .update(
            "UPDATE deployment SET last_error = 'chart: failed to fetch chart: 503'"
                + " WHERE deployment_uid = ?",
            uid);
    Db.sql()
        .update(
            "UPDATE deployment_reconcile_job SET attempt = 2, max_attempts = 10,"
                + " run_after = now() + interval '30 seconds', last_error = 'chart: 503'"
                + " WHERE deployment_id = (SELECT id FROM deployment WHERE deployment_uid = ?)",
            uid);

    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"))
        .body("attempt", equalTo(2))
        .body("max_attempts", equalTo(10))
        .body("next_attempt_at", notNullValue())
        .body("conditions[1].type", equalTo("Reconciling"))
        .body("conditions[1].status", equalTo("True"))
        .body("conditions[1].reason", equalTo("RetryScheduled"))
        .body("conditions[1].message", equalTo("chart: failed to fetch chart: 503"));
  }

  @Test
  void aDesiredChangeClearsTheFormerReasonAndTheDeploymentIsProgressing() {
    var uid = Api.createDeployment(user, template, "changed");
    reconcilerSays(uid, "failed", "ValuesInvalid", "values: /replicaCount must be an integer");

    as(user)
        .body(java.util.Map.of("mode", "retry"))
        .post("/api/v1/deployments/" + uid + "/reconcile")
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"))
        .body("conditions.status", contains("False", "True", "False"))
        .body("conditions[1].reason", equalTo("Progressing"))
        .body("conditions[1].message", nullValue());
  }

  @Test
  void eventsListTheStatusChangesNewestFirstWithCodesAndPaging() {
    var uid = Api.createDeployment(user, template, "events");
    Db.sql()
        .update(
            "INSERT INTO deployment_status_history (deployment_id, old_status, new_status, reason)"
                + " SELECT id, s.old, s.new, s.reason FROM deployment,"
                + " (VALUES (1, 'pending', 'reconciling', 'reconciling generation 1'),"
                + "         (2, 'reconciling', 'running', 'applied, 1/1 replicas ready'),"
                + "         (3, 'running', 'degraded', 'CrashLoopBackOff: x'),"
                + "         (4, 'degraded', 'running', 'recovered: 1/1 replicas ready'))"
                + " AS s(n, old, new, reason) WHERE deployment_uid = ? ORDER BY s.n",
            uid);

    var first =
        as(user)
            .queryParam("limit", 3)
            .get("/api/v1/deployments/" + uid + "/events")
            .then()
            .statusCode(200)
            .body("items", hasSize(3))
            .body("items.reason", contains("Recovered", "Degraded", "ReconciliationSucceeded"))
            .body("items.type", contains("Normal", "Warning", "Normal"))
            .body("items[1].message", equalTo("CrashLoopBackOff: x"))
            .body("items[1].source", equalTo("kubedeploy"))
            .body("next_cursor", notNullValue())
            .extract()
            .jsonPath()
            .getString("next_cursor");

    as(user)
        .queryParam("limit", 3)
        .queryParam("cursor", first)
        .get("/api/v1/deployments/" + uid + "/events")
        .then()
        .statusCode(200)
        .body("items.reason", contains("Progressing", "Created"))
        .body("next_cursor", nullValue());
  }

  @Test
  void anotherUsersEventsAreNotFound() {
    var uid = Api.createDeployment(user, template, "private");
    var stranger = Api.createUser(Api.unique("stranger"));

    as(stranger).get("/api/v1/deployments/" + uid + "/events").then().statusCode(404);
  }
}
