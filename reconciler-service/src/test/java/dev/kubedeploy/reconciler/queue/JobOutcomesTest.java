package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.reconciler.queue.JobOutcomes.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobOutcomesTest {

  private static final RetryPolicy RETRY =
      new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 3);

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();
  private final JobClaimer claimer =
      new JobClaimer(db.dataSource, "worker-a", Duration.ofSeconds(30));
  private final JobOutcomes outcomes =
      new JobOutcomes(db.dataSource, "worker-a", RETRY, new Random(3), QueueTimeouts.DEFAULTS);
  private final LeaseRenewal renewal =
      new LeaseRenewal(db.dataSource, "worker-a", Duration.ofSeconds(30), QueueTimeouts.DEFAULTS);
  private final ExpiredLeaseTakeover takeover =
      new ExpiredLeaseTakeover(db.dataSource, RETRY, new Random(3), QueueTimeouts.DEFAULTS);

  @AfterEach
  void releaseConnection() {
    claimer.close();
  }

  /** Queues a job for a new deployment and claims it as worker-a. */
  private ClaimedJob claimedJob() throws Exception {
    var deployment = db.deployments(1).getFirst();
    var jobId = db.enqueueNew(deployment, "create");
    return claimer.claim(100).stream()
        .filter(job -> job.jobId() == jobId)
        .findFirst()
        .orElseThrow();
  }

  private Map<String, Object> job(long jobId) {
    return db.sql
        .rows(
            "SELECT status, attempt, last_error, locked_by,"
                + " extract(epoch FROM run_after - now()) AS due_in"
                + " FROM deployment_reconcile_job WHERE id = ?",
            jobId)
        .getFirst();
  }

  private Map<String, Object> deployment(long id) {
    return db.sql.rows("SELECT status, last_error FROM deployment WHERE id = ?", id).getFirst();
  }

  @Test
  void aFailedAttemptIsQueuedAgainWithinTheBackoffAndShowsItsErrorOnTheDeployment()
      throws Exception {
    var claimed = claimedJob();

    var outcome = outcomes.failed(claimed, new IOException("connection refused"));

    assertThat(outcome).isEqualTo(Outcome.RETRIED);
    var row = job(claimed.jobId());
    assertThat(row.get("status")).isEqualTo("queued");
    assertThat(row.get("attempt")).isEqualTo(1);
    assertThat(row.get("last_error")).isEqualTo("IOException: connection refused");
    assertThat(row.get("locked_by")).isNull();
    assertThat(((Number) row.get("due_in")).doubleValue()).isBetween(-1.0, 10.0);
    assertThat(deployment(claimed.deploymentId()).get("last_error"))
        .isEqualTo("IOException: connection refused");
  }

  @Test
  void theLastAllowedAttemptMakesTheJobDeadAndTheDeploymentFailedWithOneHistoryRow()
      throws Exception {
    var claimed = claimedJob();
    db.sql.update(
        "UPDATE deployment SET status = 'reconciling' WHERE id = ?", claimed.deploymentId());
    db.sql.update("UPDATE deployment_reconcile_job SET attempt = 2 WHERE id = ?", claimed.jobId());

    var outcome = outcomes.failed(claimed, new IllegalStateException("helm timed out"));

    assertThat(outcome).isEqualTo(Outcome.DEAD);
    assertThat(job(claimed.jobId()))
        .containsEntry("status", "dead")
        .containsEntry("attempt", 3)
        .containsEntry("last_error", "IllegalStateException: helm timed out");
    assertThat(deployment(claimed.deploymentId()))
        .containsEntry("status", "failed")
        .containsEntry("last_error", "IllegalStateException: helm timed out");
    assertThat(
            db.sql.rows(
                "SELECT old_status, new_status, changed_by, reason FROM deployment_status_history"
                    + " WHERE deployment_id = ?",
                claimed.deploymentId()))
        .singleElement()
        .satisfies(
            history -> {
              assertThat(history.get("old_status")).isEqualTo("reconciling");
              assertThat(history.get("new_status")).isEqualTo("failed");
              assertThat(history.get("changed_by")).isNull();
              assertThat((String) history.get("reason"))
                  .isEqualTo(
                      "reconcile failed after 3 attempts: IllegalStateException: helm timed out");
            });
  }

  @Test
  void aPermanentErrorMakesTheJobDeadAtTheFirstAttempt() throws Exception {
    var claimed = claimedJob();
    // the revision the API writes with each generation
    db.sql.update(
        "INSERT INTO deployment_revision (deployment_id, generation, template_id, target_replicas,"
            + " operation) SELECT id, generation, desired_template_id, 1, 'create'"
            + " FROM deployment WHERE id = ?",
        claimed.deploymentId());

    var outcome =
        outcomes.failed(claimed, new PermanentReconcileException("chart digest mismatch"));

    assertThat(outcome).isEqualTo(Outcome.DEAD);
    assertThat(job(claimed.jobId())).containsEntry("status", "dead").containsEntry("attempt", 1);
    assertThat(deployment(claimed.deploymentId()))
        .containsEntry("status", "failed")
        .containsEntry("last_error", "chart digest mismatch");
    assertThat(
            db.sql.column(
                "SELECT reason FROM deployment_status_history WHERE deployment_id = ?",
                claimed.deploymentId()))
        .containsExactly("reconcile failed permanently: chart digest mismatch");
    assertThat(
            db.sql.column(
                "SELECT outcome FROM deployment_revision WHERE deployment_id = ?",
                claimed.deploymentId()))
        .containsExactly("failed");
  }

  @Test
  void aDeleteThatRunsOutOfAttemptsStaysDeletingWithItsError() throws Exception {
    var claimed = claimedJob();
    db.sql.update("UPDATE deployment SET status = 'deleting' WHERE id = ?", claimed.deploymentId());

    var outcome =
        outcomes.failed(claimed, new PermanentReconcileException("namespace cannot be deleted"));

    assertThat(outcome).isEqualTo(Outcome.DEAD);
    assertThat(deployment(claimed.deploymentId()))
        .containsEntry("status", "deleting")
        .containsEntry("last_error", "namespace cannot be deleted");
    assertThat(
            db.sql.count(
                "SELECT count(*) FROM deployment_status_history WHERE deployment_id = ?",
                claimed.deploymentId()))
        .isZero();
  }

  @Test
  void aFailureIsSupersededByANewerQueuedJobOfTheSameDeployment() throws Exception {
    var claimed = claimedJob();
    var newer = db.enqueueNew(claimed.deploymentId(), "update");
    db.sql.update(
        "UPDATE deployment_reconcile_job SET run_after = now() + interval '1 hour' WHERE id = ?",
        newer);

    var outcome = outcomes.failed(claimed, new IOException("boom"));

    assertThat(outcome).isEqualTo(Outcome.SUPERSEDED);
    assertThat(job(claimed.jobId()))
        .containsEntry("status", "done")
        .containsEntry("last_error", "IOException: boom (superseded by queued job " + newer + ")");
    assertThat(((Number) job(newer).get("due_in")).doubleValue()).isLessThan(11.0);
  }

  @Test
  void aWorkerThatLostItsLeaseWritesNothing() throws Exception {
    var claimed = claimedJob();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET locked_by = 'worker-b' WHERE id = ?", claimed.jobId());

    assertThat(outcomes.failed(claimed, new IOException("late"))).isEqualTo(Outcome.LEASE_LOST);
    assertThat(claimer.finishAndClaim(List.of(claimed), 0).done()).isEmpty();
    assertThat(job(claimed.jobId()))
        .containsEntry("status", "running")
        .containsEntry("locked_by", "worker-b");
    assertThat(deployment(claimed.deploymentId()).get("last_error")).isNull();
  }

  @Test
  void aSucceededRetryClearsTheErrorTheQueueShowed() throws Exception {
    var claimed = claimedJob();
    outcomes.failed(claimed, new IOException("flaky"));
    db.sql.update(
        "UPDATE deployment_reconcile_job SET run_after = now() WHERE id = ?", claimed.jobId());
    var retry =
        claimer.claim(100).stream()
            .filter(job -> job.jobId() == claimed.jobId())
            .findFirst()
            .orElseThrow();

    assertThat(claimer.finishAndClaim(List.of(retry), 0).done()).containsExactly(retry.jobId());
    assertThat(job(claimed.jobId())).containsEntry("status", "done");
    assertThat(deployment(claimed.deploymentId()).get("last_error")).isNull();
  }

  @Test
  void anExpiredLeaseIsTakenOverByAnyInstanceWithoutCountingAFailedAttempt() throws Exception {
    var claimed = claimedJob();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET lease_expires_at = now() - interval '1 second'"
            + " WHERE id = ?",
        claimed.jobId());

    var takeovers = takeover.takeOverExpired(100);

    assertThat(takeovers)
        .containsExactly(
            new ExpiredLeaseTakeover.Takeover(
                claimed.jobId(), claimed.deploymentId(), "worker-a", Outcome.RETRIED));
    assertThat(job(claimed.jobId())).containsEntry("status", "queued").containsEntry("attempt", 0);
    assertThat((String) job(claimed.jobId()).get("last_error"))
        .startsWith("LeaseExpired: the lease of worker-a expired at");
    assertThat(claimer.finishAndClaim(List.of(claimed), 0).done()).isEmpty();
  }

  @Test
  void aReleasedJobIsQueuedAgainAtOnceWithItsAttemptsUnchanged() throws Exception {
    var claimed = claimedJob();

    assertThat(outcomes.release(claimed)).isEqualTo(Outcome.RELEASED);

    var row = job(claimed.jobId());
    assertThat(row).containsEntry("status", "queued").containsEntry("attempt", 0);
    assertThat(((Number) row.get("due_in")).doubleValue()).isLessThanOrEqualTo(0.0);
  }

  @Test
  void leasesAreRenewedOnlyForJobsStillHeld() throws Exception {
    var held = claimedJob();
    var lost = claimedJob();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET locked_by = 'worker-b' WHERE id = ?", lost.jobId());
    db.sql.update(
        "UPDATE deployment_reconcile_job SET lease_expires_at = now() WHERE id = ?", held.jobId());

    var renewed = renewal.renew(List.of(held, lost));

    assertThat(renewed).containsExactly(held.epoch());
    assertThat(
            db.sql.count(
                "SELECT count(*) FROM deployment_reconcile_job WHERE id = ?"
                    + " AND lease_expires_at > now() + interval '25 seconds'",
                held.jobId()))
        .isEqualTo(1);
  }

  /**
   * The same instance claims a job again after its earlier run lost the lease (taken over, queued
   * again): the stale run, which has the same job id and owner, can neither finish nor fail the new
   * run, nor renew its lease.
   */
  @Test
  void aStaleRunOfAJobClaimedAgainBySameInstanceCannotWriteOverTheNewRun() throws Exception {
    var stale = claimedJob();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET lease_expires_at = now() - interval '1 second'"
            + " WHERE id = ?",
        stale.jobId());
    takeover.takeOverExpired(100);
    db.sql.update(
        "UPDATE deployment_reconcile_job SET run_after = now() WHERE id = ?", stale.jobId());
    var current =
        claimer.claim(100).stream()
            .filter(job -> job.jobId() == stale.jobId())
            .findFirst()
            .orElseThrow();
    assertThat(current.epoch()).isNotEqualTo(stale.epoch());

    assertThat(renewal.renew(List.of(stale))).isEmpty();
    assertThat(outcomes.failed(stale, new IOException("late"))).isEqualTo(Outcome.LEASE_LOST);
    assertThat(outcomes.release(stale)).isEqualTo(Outcome.LEASE_LOST);
    assertThat(claimer.finishAndClaim(List.of(stale), 0).done()).isEmpty();

    assertThat(job(stale.jobId()))
        .containsEntry("status", "running")
        .containsEntry("locked_by", "worker-a");
    assertThat(renewal.renew(List.of(current))).containsExactly(current.epoch());
    assertThat(claimer.finishAndClaim(List.of(current), 0).done()).containsExactly(current.jobId());
  }

  @Test
  void aResyncOutOfAttemptsLeavesTheDeploymentStatusAndShowsTheError() throws Exception {
    var deployment = db.deployments(1).getFirst();
    db.sql.update(
        "UPDATE deployment SET status = 'running', applied_generation = generation WHERE id = ?",
        deployment);
    var jobId = db.enqueueNew(deployment, JobReason.RESYNC);
    db.sql.update("UPDATE deployment_reconcile_job SET attempt = 2 WHERE id = ?", jobId);
    var claimed =
        claimer.claim(100).stream().filter(job -> job.jobId() == jobId).findFirst().orElseThrow();

    assertThat(outcomes.failed(claimed, new IOException("cluster unreachable")))
        .isEqualTo(Outcome.DEAD);

    assertThat(deployment(deployment))
        .containsEntry("status", "running")
        .containsEntry("last_error", "IOException: cluster unreachable");
  }

  /**
   * A long transaction holds a deployment row: the sweep skips that deployment's expired job
   * instead of waiting behind the transaction, and takes it over once the row is free.
   */
  @Test
  void theSweepSkipsAnExpiredJobWhoseDeploymentRowIsLockedElsewhere() throws Exception {
    var claimed = claimedJob();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET lease_expires_at = now() - interval '1 second'"
            + " WHERE id = ?",
        claimed.jobId());
    try (var blocker = db.dataSource.getConnection()) {
      blocker.setAutoCommit(false);
      try (var lock =
          blocker.prepareStatement("SELECT 1 FROM deployment WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, claimed.deploymentId());
        lock.executeQuery().close();
      }

      assertThat(takeover.takeOverExpired(100))
          .extracting(ExpiredLeaseTakeover.Takeover::jobId)
          .doesNotContain(claimed.jobId());
      assertThat(job(claimed.jobId())).containsEntry("status", "running");
      blocker.rollback();
    }

    assertThat(takeover.takeOverExpired(100))
        .extracting(ExpiredLeaseTakeover.Takeover::jobId)
        .contains(claimed.jobId());
  }
}
