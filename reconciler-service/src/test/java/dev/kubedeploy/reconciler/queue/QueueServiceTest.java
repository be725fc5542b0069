package dev.kubedeploy.reconciler.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue inside the service: the API's enqueue, coalescing, failure status, metrics, resync. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(QueueEnabledProfile.class)
class QueueServiceTest {

  @Inject ScriptedStep step;
  @Inject ResyncScheduler resync;

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String username;

  private Sql sql;

  @BeforeEach
  void connect() {
    sql = new Sql(new TestDatabase.Coordinates(url, username, ""));
    step.script(request -> {});
  }

  private long deployment() {
    return QueueDatabase.deployments(sql, 1).getFirst();
  }

  private static void enqueue(long deploymentId, String reason) {
    QuarkusTransaction.requiringNew().run(() -> ReconcileJob.enqueue(deploymentId, reason));
  }

  private long jobs(long deploymentId, String status) {
    return sql.count(
        "SELECT count(*) FROM deployment_reconcile_job WHERE deployment_id = ? AND status = ?",
        deploymentId,
        status);
  }

  @Test
  void aJobEnqueuedByTheApiStartsOnItsNotificationWithoutWaitingForThePoll() {
    var deployment = deployment();

    enqueue(deployment, "create");

    await().atMost(Duration.ofSeconds(5)).until(() -> jobs(deployment, "done") == 1);
    assertThat(step.runsOf(deployment)).hasSize(1);
  }

  @Test
  void hundredUpdatesDuringARunMakeExactlyOneMoreRunThatSeesTheFinalGeneration() throws Exception {
    var deployment = deployment();
    var firstRunMayEnd = new CountDownLatch(1);
    step.script(
        request -> {
          if (step.runsOf(deployment).size() == 1) {
            firstRunMayEnd.await();
          }
        });
    enqueue(deployment, "create");
    await().atMost(Duration.ofSeconds(5)).until(() -> step.runsOf(deployment).size() == 1);

    for (var update = 0; update < 100; update++) {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                sql.update(
                    "UPDATE deployment SET generation = generation + 1 WHERE id = ?", deployment);
                ReconcileJob.enqueue(deployment, "update");
              });
    }
    assertThat(jobs(deployment, "queued")).isEqualTo(1);
    firstRunMayEnd.countDown();

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs(deployment, "done") == 2);
    assertThat(step.runsOf(deployment))
        .extracting(ScriptedStep.Run::generation)
        .containsExactly(1L, 101L);
    assertThat(sql.column("SELECT applied_generation FROM deployment WHERE id = ?", deployment))
        .containsExactly(101L);

    enqueue(deployment, "update");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        sql.column(
                            "SELECT status FROM deployment_reconcile_job"
                                + " WHERE deployment_id = ? ORDER BY id",
                            deployment))
                    .as(
                        "jobs %s, runs %s, deployment %s",
                        sql.rows(
                            "SELECT * FROM deployment_reconcile_job WHERE deployment_id = ?",
                            deployment),
                        step.runsOf(deployment),
                        sql.rows(
                            "SELECT status, generation, applied_generation, deleted_at FROM deployment WHERE id = ?",
                            deployment))
                    .containsExactly("done", "done", "done"));
    assertThat(step.runsOf(deployment)).as("an up-to-date deployment is not run again").hasSize(2);
  }

  @Test
  void aDeadJobFailsTheDeploymentAndShowsInTheMetrics() {
    var deployment = deployment();
    step.script(
        request -> {
          if (request.deploymentId() == deployment) {
            throw new IllegalStateException("API server refused the release");
          }
        });

    enqueue(deployment, "create");

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs(deployment, "dead") == 1);
    assertThat(
            sql.rows("SELECT status, last_error FROM deployment WHERE id = ?", deployment)
                .getFirst())
        .containsEntry("status", "failed")
        .containsEntry("last_error", "IllegalStateException: API server refused the release");
    assertThat(
            sql.column(
                "SELECT new_status FROM deployment_status_history WHERE deployment_id = ?",
                deployment))
        .containsExactly("failed");
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("kubedeploy_queue_jobs_dead_total"))
        .body(containsString("kubedeploy_queue_jobs_claimed_total"))
        .body(containsString("kubedeploy_queue_enqueue_to_start_seconds_bucket"))
        .body(containsString("kubedeploy_queue_claim_to_finish_seconds_bucket"))
        .body(containsString("kubedeploy_queue_depth{status=\"dead\"}"));
  }

  @Test
  void aResyncIsQueuedForLiveAndFailedDeploymentsNotReconciledForAnIntervalSpreadOverTheNextOne() {
    var stale = deployment();
    var fresh = deployment();
    var failed = deployment();
    sql.update(
        "UPDATE deployment SET status = 'running', applied_generation = 1,"
            + " last_reconcile_at = now() - interval '1 hour' WHERE id IN (?, ?)",
        stale,
        failed);
    sql.update("UPDATE deployment SET status = 'failed' WHERE id = ?", failed);
    sql.update(
        "UPDATE deployment SET status = 'stopped', applied_generation = 1,"
            + " last_reconcile_at = now() WHERE id = ?",
        fresh);

    resync.enqueueDue();
    resync.enqueueDue();

    assertThat(
            sql.rows(
                "SELECT deployment_id, reason, run_after > now() - interval '1 second'"
                    + " AND run_after <= now() + interval '10 minutes' AS spread"
                    + " FROM deployment_reconcile_job WHERE deployment_id IN (?, ?, ?)",
                stale,
                fresh,
                failed))
        .hasSize(2)
        .allSatisfy(
            job -> {
              assertThat(job.get("deployment_id")).isIn(stale, failed);
              assertThat(job.get("reason")).isEqualTo(JobReason.RESYNC);
              assertThat(job.get("spread")).isEqualTo(true);
            });
  }

  @Test
  void aSuspendedDeploymentGetsNeitherResyncNorRepairButADeleteIsRepaired() {
    var staleSuspended = deployment();
    var waitingSuspended = deployment();
    var deletingSuspended = deployment();
    sql.update(
        "UPDATE deployment SET status = 'running', applied_generation = 1, suspended_at = now(),"
            + " last_reconcile_at = now() - interval '1 hour' WHERE id = ?",
        staleSuspended);
    sql.update("UPDATE deployment SET suspended_at = now() WHERE id = ?", waitingSuspended);
    sql.update(
        "UPDATE deployment SET status = 'deleting', suspended_at = now() WHERE id = ?",
        deletingSuspended);

    resync.enqueueDue();

    assertThat(
            sql.column(
                "SELECT deployment_id FROM deployment_reconcile_job WHERE deployment_id IN (?, ?, ?)",
                staleSuspended,
                waitingSuspended,
                deletingSuspended))
        .containsExactly(deletingSuspended);
  }

  @Test
  void aRequestWithoutADesiredChangeLeavesARunningBackoffAloneAndAChangeEndsIt() {
    var deployment = deployment();
    var jobId =
        sql.count(
            "INSERT INTO deployment_reconcile_job (deployment_id, reason, attempt, run_after,"
                + " requested_generation, last_error)"
                + " VALUES (?, 'update', 2, now() + interval '1 hour', 1, 'IOException: refused')"
                + " RETURNING id",
            deployment);

    enqueue(deployment, JobReason.RESYNC);

    assertThat(
            sql.rows(
                    "SELECT reason, attempt, last_error, run_after > now() + interval '50 minutes'"
                        + " AS backing_off FROM deployment_reconcile_job WHERE id = ?",
                    jobId)
                .getFirst())
        .containsEntry("reason", JobReason.RESYNC)
        .containsEntry("attempt", 2)
        .containsEntry("last_error", "IOException: refused")
        .containsEntry("backing_off", true);

    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              sql.update("UPDATE deployment SET generation = 2 WHERE id = ?", deployment);
              ReconcileJob.enqueue(deployment, "update");
            });

    await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(jobStatus(jobId)));
    assertThat(step.runsOf(deployment))
        .singleElement()
        .extracting(ScriptedStep.Run::generation)
        .isEqualTo(2L);
  }

  @Test
  void aDeploymentLeftWaitingWithoutAJobGetsOneButADeleteOutOfAttemptsWaitsForItsUser() {
    var orphan = deployment();
    var deleting = deployment();
    sql.update("UPDATE deployment SET status = 'deleting' WHERE id = ?", deleting);
    sql.update(
        "INSERT INTO deployment_reconcile_job (deployment_id, reason, status, attempt)"
            + " VALUES (?, 'delete', 'dead', 8)",
        deleting);

    resync.enqueueDue();

    await().atMost(Duration.ofSeconds(10)).until(() -> jobs(orphan, "done") == 1);
    assertThat(step.runsOf(orphan))
        .singleElement()
        .extracting(ScriptedStep.Run::reason)
        .isEqualTo(ResyncScheduler.REPAIR);
    assertThat(jobs(deleting, "queued") + jobs(deleting, "running")).isZero();
  }

  private String jobStatus(long jobId) {
    return (String)
        sql.column("SELECT status FROM deployment_reconcile_job WHERE id = ?", jobId).getFirst();
  }
}
