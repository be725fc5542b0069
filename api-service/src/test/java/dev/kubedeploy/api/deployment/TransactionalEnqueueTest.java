package dev.kubedeploy.api.deployment;

import static dev.kubedeploy.api.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.api.support.Api;
import dev.kubedeploy.api.support.Db;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.testsupport.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Desired state, history and the reconcile job are written together or not at all. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TransactionalEnqueueTest {

  private static final int CONCURRENT_PATCHES = 8;

  @Inject AgroalDataSource dataSource;

  private String user;
  private long template;

  @BeforeEach
  void catalogAndUser() {
    user = Api.createUser(Api.unique("writer"));
    var product = Api.unique("tx");
    Api.createProduct(product);
    template = Api.createTemplateWithSchema(product);
  }

  @Test
  void aCreateFailingAfterTheDeploymentInsertLeavesNoRowsAndNoJob() {
    var sql = Db.sql();
    // the enqueue is the last write of a create: make it fail for one deployment name
    sql.update(
        """
        CREATE OR REPLACE FUNCTION test_refuse_job() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM deployment WHERE id = NEW.deployment_id AND name = 'doomed') THEN
            RAISE EXCEPTION 'job refused by test';
          END IF;
          RETURN NEW;
        END $$""");
    sql.update(
        "CREATE TRIGGER test_refuse_job BEFORE INSERT ON deployment_reconcile_job"
            + " FOR EACH ROW EXECUTE FUNCTION test_refuse_job()");
    try {
      as(user)
          .body(Map.of("name", "doomed", "template_id", template))
          .post("/api/v1/deployments")
          .then()
          .statusCode(500)
          .contentType("application/problem+json");
    } finally {
      sql.update("DROP TRIGGER test_refuse_job ON deployment_reconcile_job");
    }

    assertThat(sql.count("SELECT count(*) FROM deployment WHERE name = 'doomed'")).isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_resource r WHERE NOT EXISTS"
                    + " (SELECT 1 FROM deployment d WHERE d.id = r.deployment_id)"))
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_status_history h WHERE NOT EXISTS"
                    + " (SELECT 1 FROM deployment d WHERE d.id = h.deployment_id)"))
        .isZero();
  }

  @Test
  void aRefusedChangeLeavesNoJobAndNoBump() {
    var uid = Api.createDeployment(user, template, "refused");
    Db.sql()
        .update(
            "UPDATE deployment_reconcile_job SET status = 'done' WHERE deployment_id ="
                + " (SELECT id FROM deployment WHERE deployment_uid = ?)",
            uid);

    as(user)
        .body(Map.of("user_values", Map.of("replicaCount", -5)))
        .patch("/api/v1/deployments/" + uid)
        .then()
        .statusCode(422);

    assertThat(queuedJobs(uid)).isZero();
    assertThat(Db.sql().count("SELECT generation FROM deployment WHERE deployment_uid = ?", uid))
        .isEqualTo(1);
  }

  @Test
  void concurrentPatchesLeaveOneQueuedJobWithTheFinalGeneration() throws Exception {
    var uid = Api.createDeployment(user, template, "contended");
    var executor = Executors.newFixedThreadPool(CONCURRENT_PATCHES);
    try {
      var calls = new ArrayList<Callable<Integer>>();
      for (var i = 0; i < CONCURRENT_PATCHES; i++) {
        var replicas = i + 2;
        calls.add(
            () ->
                as(user)
                    .body(Map.of("user_values", Map.of("replicaCount", replicas)))
                    .patch("/api/v1/deployments/" + uid)
                    .then()
                    .extract()
                    .statusCode());
      }
      for (var result : executor.invokeAll(calls)) {
        assertThat(result.get()).isEqualTo(200);
      }
    } finally {
      executor.shutdownNow();
    }

    var sql = Db.sql();
    assertThat(sql.count("SELECT generation FROM deployment WHERE deployment_uid = ?", uid))
        .isEqualTo(1 + CONCURRENT_PATCHES);
    assertThat(queuedJobs(uid)).isEqualTo(1);
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_reconcile_job j JOIN deployment d"
                    + " ON d.id = j.deployment_id WHERE d.deployment_uid = ?",
                uid))
        .isEqualTo(1);
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_status_history h JOIN deployment d"
                    + " ON d.id = h.deployment_id WHERE d.deployment_uid = ?",
                uid))
        .isEqualTo(1 + CONCURRENT_PATCHES);
  }

  @Test
  void theReconcilerIsNotifiedOfCommittedChangesOnly() throws Exception {
    try (var listener = dataSource.getConnection()) {
      listen(listener);

      var uid = Api.createDeployment(user, template, "notified");
      as(user)
          .body(Map.of("name", "notified", "template_id", template))
          .post("/api/v1/deployments")
          .then()
          .statusCode(409);

      var id = Db.sql().count("SELECT id FROM deployment WHERE deployment_uid = ?", uid);
      assertThat(notifications(listener)).containsExactly(Long.toString(id));
    }
  }

  private static void listen(Connection connection) throws Exception {
    try (var statement = connection.createStatement()) {
      statement.execute("LISTEN " + ReconcileJob.NOTIFY_CHANNEL);
    }
  }

  /** The payloads that arrive within a short while; the first wait covers the commit. */
  private static List<String> notifications(Connection connection) throws Exception {
    var pg = connection.unwrap(PGConnection.class);
    var payloads = new ArrayList<String>();
    var batch = pg.getNotifications(2000);
    while (batch != null && batch.length > 0) {
      Arrays.stream(batch).map(PGNotification::getParameter).forEach(payloads::add);
      batch = pg.getNotifications(500);
    }
    return payloads;
  }

  private static long queuedJobs(String uid) {
    return Db.sql()
        .count(
            "SELECT count(*) FROM deployment_reconcile_job j JOIN deployment d"
                + " ON d.id = j.deployment_id WHERE d.deployment_uid = ? AND j.status = 'queued'",
            uid);
  }
}
