package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.ArrayList;
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
    reconcilerSays(uid, "failed", "RolledBack", helm);

    as(user)
        .get("/api/v1/deployments/" + uid)
        .then()
        .statusCode(200)
        .body("conditions.type", contains("Ready", "Reconciling", "Stalled"))
        .body("conditions.status", contains("False", "False", "True"))
        .body("conditions[2].reason", equalTo("RolledBack"))
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
            .body("items[1].source", equalTo("platform"))
            .body("items[1].object.kind", equalTo("Namespace"))
            .body("items[1].count", equalTo(1))
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
  void clusterEventsMergeWithTheHistoryNewestFirstAcrossPages() {
    var uid = Api.createDeployment(user, template, "merged");
    Db.sql()
        .update(
            "INSERT INTO deployment_status_history (deployment_id, old_status, new_status, reason,"
                + " changed_at) SELECT id, s.old, s.new, s.reason, s.at::timestamptz FROM deployment,"
                + " (VALUES ('pending', 'reconciling', 'reconciling', '2030-01-01T00:00:01Z'),"
                + "   ('reconciling', 'running', 'applied', '2030-01-01T00:00:03Z'),"
                + "   ('running', 'degraded', 'CrashLoopBackOff', '2030-01-01T00:00:05Z'))"
                + " AS s(old, new, reason, at) WHERE deployment_uid = ?",
            uid);
    // Started at the same instant as a history row; Pulled and BackOff at the same instant
    Db.sql()
        .update(
            "INSERT INTO deployment_cluster_event (deployment_id, event_uid, type, reason,"
                + " message, involved_kind, involved_name, count, first_seen, last_seen)"
                + " SELECT id, s.uid || deployment_uid, s.type, s.reason, s.message, 'Pod', 'web-1',"
                + " s.count, '2030-01-01T00:00:02Z', s.at::timestamptz FROM deployment,"
                + " (VALUES (1, 'a', 'normal', 'Scheduled', 'Successfully assigned', 1,"
                + "          '2030-01-01T00:00:02Z'),"
                + "   (2, 'b', 'normal', 'Started', 'Started container web', 1,"
                + "    '2030-01-01T00:00:03Z'),"
                + "   (3, 'c', 'normal', 'Pulled', 'Container image already present', 1,"
                + "    '2030-01-01T00:00:04Z'),"
                + "   (4, 'd', 'warning', 'BackOff', 'Back-off restarting failed container web', 3,"
                + "    '2030-01-01T00:00:04Z'))"
                + " AS s(n, uid, type, reason, message, count, at)"
                + " WHERE deployment_uid = ? ORDER BY s.n",
            uid);

    var reasons = new ArrayList<String>();
    var sources = new ArrayList<String>();
    String cursor = null;
    var pages = 0;
    do {
      var request = as(user).queryParam("limit", 3);
      if (cursor != null) {
        request.queryParam("cursor", cursor);
      }
      var page =
          request
              .get("/api/v1/deployments/" + uid + "/events")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      reasons.addAll(page.getList("items.reason"));
      sources.addAll(page.getList("items.source"));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(reasons)
        .containsExactly(
            "Degraded",
            "BackOff",
            "Pulled",
            "ReconciliationSucceeded",
            "Started",
            "Scheduled",
            "Progressing",
            "Created");
    assertThat(sources)
        .containsExactly(
            "platform",
            "cluster",
            "cluster",
            "platform",
            "cluster",
            "cluster",
            "platform",
            "platform");
    assertThat(pages).isEqualTo(3);
    as(user)
        .queryParam("limit", 2)
        .get("/api/v1/deployments/" + uid + "/events")
        .then()
        .statusCode(200)
        .body("items[1].type", equalTo("Warning"))
        .body("items[1].count", equalTo(3))
        .body("items[1].object.kind", equalTo("Pod"))
        .body("items[1].object.name", equalTo("web-1"))
        .body("items[1].time", equalTo("2030-01-01T00:00:04Z"))
        .body("items[1].status", nullValue());
  }

  @Test
  void aCursorThisApiDidNotReturnIsRefusedWithTheFieldAtFault() {
    var uid = Api.createDeployment(user, template, "cursor");

    as(user)
        .queryParam("cursor", "bm90LWEtY3Vyc29y")
        .get("/api/v1/deployments/" + uid + "/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void anotherUsersEventsAreNotFound() {
    var uid = Api.createDeployment(user, template, "private");
    var stranger = Api.createUser(Api.unique("stranger"));

    as(stranger).get("/api/v1/deployments/" + uid + "/events").then().statusCode(404);
  }
}
