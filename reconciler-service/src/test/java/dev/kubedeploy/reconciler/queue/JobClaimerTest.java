package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobClaimerTest {

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  private JobClaimer claimer;

  @BeforeEach
  void newClaimer() {
    claimer = new JobClaimer(db.dataSource, "claimer-a", Duration.ofSeconds(30));
  }

  @AfterEach
  void releaseConnection() {
    claimer.close();
  }

  @Test
  void claimsAtMostTheLimitInDueOrderAndMarksThemRunningUnderALease() throws Exception {
    var deployments = db.deployments(5);
    deployments.forEach(id -> db.enqueueNew(id, "create"));
    db.sql.update(
        "UPDATE deployment_reconcile_job SET run_after = now() - interval '1 minute'"
            + " WHERE deployment_id = ?",
        deployments.get(4));

    var claimed = claimer.claim(3);

    assertThat(claimed).hasSize(3);
    assertThat(claimed).extracting(ClaimedJob::deploymentId).contains(deployments.get(4));
    var rows =
        db.sql.rows(
            "SELECT status, locked_by, lease_expires_at > now() + interval '25 seconds' AS leased"
                + " FROM deployment_reconcile_job WHERE id = ANY (?)",
            (Object) claimed.stream().map(ClaimedJob::jobId).toArray(Long[]::new));
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.get("status")).isEqualTo("running");
              assertThat(row.get("locked_by")).isEqualTo("claimer-a");
              assertThat(row.get("leased")).isEqualTo(true);
            });
    assertThat(claimer.claim(10)).hasSize(2);
    assertThat(claimer.claim(10)).isEmpty();
  }

  @Test
  void leavesJobsThatAreNotDueYet() throws Exception {
    var deployment = db.deployments(1).getFirst();
    db.enqueueNew(deployment, "resync");
    db.sql.update("UPDATE deployment_reconcile_job SET run_after = now() + interval '1 hour'");

    assertThat(claimer.claim(8)).isEmpty();
  }

  @Test
  void neverClaimsAJobWhoseDeploymentHasOneRunning() throws Exception {
    var deployment = db.deployments(1).getFirst();
    db.enqueueNew(deployment, "create");
    assertThat(claimer.claim(8)).hasSize(1);
    db.enqueueNew(deployment, "update");

    assertThat(claimer.claim(8)).isEmpty();

    db.sql.update("UPDATE deployment_reconcile_job SET status = 'done' WHERE status = 'running'");
    assertThat(claimer.claim(8)).extracting(ClaimedJob::reason).containsExactly("update");
  }

  @Test
  void reportsAJobAsUpToDateOnlyWhenItsDeploymentHasTheNewestGenerationAndItIsNoResync()
      throws Exception {
    var deployments = db.deployments(4);
    db.sql.update(
        "UPDATE deployment SET generation = 3, applied_generation = 3, status = 'running'"
            + " WHERE id = ANY (?)",
        (Object) deployments.toArray(Long[]::new));
    db.sql.update("UPDATE deployment SET generation = 4 WHERE id = ?", deployments.get(1));
    db.sql.update("UPDATE deployment SET status = 'failed' WHERE id = ?", deployments.get(2));
    db.enqueueNew(deployments.get(0), "update");
    db.enqueueNew(deployments.get(1), "update");
    db.enqueueNew(deployments.get(2), "update");
    db.enqueueNew(deployments.get(3), JobReason.RESYNC);

    var claimed = claimer.claim(8);

    assertThat(claimed)
        .filteredOn(ClaimedJob::upToDate)
        .extracting(ClaimedJob::deploymentId)
        .containsExactly(deployments.get(0));
  }

  /**
   * Another instance's claim of a job of the same deployment commits while this claim waits at the
   * unique index on running jobs: the statement fails as a whole, and the claimer tries again and
   * takes the other deployments' jobs.
   */
  @Test
  void aClaimThatRacesAnotherInstancesClaimStillTakesTheOtherJobs() throws Exception {
    var deployments = db.deployments(4);
    deployments.forEach(id -> db.enqueueNew(id, "create"));
    var contested = deployments.getFirst();
    try (var rival = db.dataSource.getConnection()) {
      rival.setAutoCommit(false);
      try (var statement =
          rival.prepareStatement(
              "INSERT INTO deployment_reconcile_job (deployment_id, reason, status, locked_by,"
                  + " lease_expires_at) VALUES (?, 'rival', 'running', 'claimer-b',"
                  + " now() + interval '1 minute')")) {
        statement.setLong(1, contested);
        statement.executeUpdate();
      }
      var claim = CompletableFuture.supplyAsync(this::claimQuietly);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                              + " AND query LIKE 'WITH done AS%'")
                      == 1);
      rival.commit();

      var claimed = claim.get();

      assertThat(claimed)
          .extracting(ClaimedJob::deploymentId)
          .containsExactlyInAnyOrderElementsOf(deployments.subList(1, 4));
    }
    assertThat(
            db.sql.count(
                "SELECT count(*) FROM deployment_reconcile_job WHERE deployment_id = ?"
                    + " AND status = 'queued'",
                contested))
        .isEqualTo(1);
  }

  private List<ClaimedJob> claimQuietly() {
    try {
      return claimer.claim(8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The claim's snapshot is taken, then a change of the deployment commits and folds a newer
   * generation into the queued job, then the claim locks that job (at its newest version). The
   * claim must not take the job as already applied from the deployment's generation of its
   * snapshot. The interleaving is made certain by a lock: the claim's first part (marking a
   * finished job done) waits for a row the test holds, after the statement's snapshot was taken.
   */
  @Test
  void aChangeCommittedWhileTheClaimWaitsIsNotTakenAsAlreadyApplied() throws Exception {
    var finishing = db.deployments(1).getFirst();
    db.enqueueNew(finishing, "create");
    var finished = claimer.claim(1).getFirst();
    var changed = db.deployments(1).getFirst();
    db.sql.update(
        "UPDATE deployment SET generation = 3, applied_generation = 3, status = 'running'"
            + " WHERE id = ?",
        changed);
    db.enqueueNew(changed, "update");
    try (var holder = db.dataSource.getConnection()) {
      holder.setAutoCommit(false);
      try (var lock =
          holder.prepareStatement(
              "SELECT 1 FROM deployment_reconcile_job WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, finished.jobId());
        lock.executeQuery().close();
      }
      var claim =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return claimer.finishAndClaim(List.of(finished), 8);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                              + " AND query LIKE 'WITH done AS%'")
                      == 1);
      // the API's PATCH: a new generation, and the queued job absorbs the request
      db.sql.update(
          "UPDATE deployment SET generation = 4, status = 'pending' WHERE id = ?", changed);
      db.sql.update(
          "UPDATE deployment_reconcile_job SET requested_generation = 4"
              + " WHERE deployment_id = ? AND status = 'queued'",
          changed);
      holder.commit();

      var round = claim.get();

      assertThat(round.done()).containsExactly(finished.jobId());
      assertThat(round.claimed())
          .filteredOn(job -> job.deploymentId() == changed)
          .singleElement()
          .extracting(ClaimedJob::upToDate)
          .isEqualTo(false);
    }
  }

  @Test
  void changesUsersAskedForAreClaimedBeforePeriodicResyncsDueEarlier() throws Exception {
    var deployments = db.deployments(3);
    db.enqueueNew(deployments.get(0), JobReason.RESYNC);
    db.enqueueNew(deployments.get(1), JobReason.RESYNC);
    db.enqueueNew(deployments.get(2), "update");
    db.sql.update(
        "UPDATE deployment_reconcile_job SET run_after = now() - interval '1 hour'"
            + " WHERE reason = ?",
        JobReason.RESYNC);

    assertThat(claimer.claim(1)).extracting(ClaimedJob::reason).containsExactly("update");
  }

  /**
   * Each {@code deployments} call makes a user of its own: the first owner has the earliest jobs
   * and the default allowance, the second one named with a smaller one, the third the default.
   */
  @Test
  void claimsNoMoreJobsOfOneOwnerThanItsAllowanceAndTakesOtherOwnersJobsBehindThem()
      throws Exception {
    var first = db.deployments(4);
    var second = db.deployments(3);
    var third = db.deployments(1);
    db.enqueueNew(first, "create");
    db.enqueueNew(second, "create");
    db.enqueueNew(third, "create");
    var secondOwner =
        db.sql.count("SELECT user_id FROM deployment WHERE id = ?", second.getFirst());

    var claimed = claimer.claim(8, new OwnerAllowances(Map.of(secondOwner, 1), 2));

    assertThat(claimed).filteredOn(job -> first.contains(job.deploymentId())).hasSize(2);
    assertThat(claimed)
        .filteredOn(job -> second.contains(job.deploymentId()))
        .singleElement()
        .extracting(ClaimedJob::ownerId)
        .isEqualTo(secondOwner);
    assertThat(claimed).filteredOn(job -> third.contains(job.deploymentId())).hasSize(1);
    assertThat(claimed).hasSize(4);
  }

  @Test
  void everyClaimOfAJobHasAnEpochOfItsOwn() throws Exception {
    var deployment = db.deployments(1).getFirst();
    var jobId = db.enqueueNew(deployment, "create");
    var first = claimer.claim(1).getFirst();
    db.sql.update(
        "UPDATE deployment_reconcile_job SET status = 'queued', locked_by = NULL,"
            + " lease_expires_at = NULL WHERE id = ?",
        jobId);

    var second = claimer.claim(1).getFirst();

    assertThat(second.jobId()).isEqualTo(first.jobId());
    assertThat(second.epoch()).isGreaterThan(first.epoch());
  }

  @Test
  void theClaimersSessionSettingsDoNotLeakIntoThePool() throws Exception {
    db.enqueueNew(db.deployments(1).getFirst(), "create");
    // a pool of one connection: the claimer's is the one the next caller gets
    try (var pool = QueueDatabase.pool(db.coordinates, 1)) {
      var ownClaimer = new JobClaimer(pool, "claimer-c", Duration.ofSeconds(30));
      assertThat(ownClaimer.claim(8)).hasSize(1);
      ownClaimer.close();

      try (var connection = pool.getConnection();
          var statement = connection.createStatement();
          var rows =
              statement.executeQuery(
                  "SELECT current_setting('plan_cache_mode'), current_setting('statement_timeout'),"
                      + " current_setting('lock_timeout')")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("auto");
        assertThat(rows.getString(2)).isEqualTo("0");
        assertThat(rows.getString(3)).isEqualTo("0");
        assertThat(connection.getNetworkTimeout()).isZero();
      }
    }
  }

  /**
   * A template may let helm wait an hour for health (the most its CHECK allows): the attempt gets
   * the upgrade's wait, the rollback's and the recovery's on top of the job timeout, so that a slow
   * but valid release is never cut off.
   */
  @Test
  void anAttemptMayRunEveryHelmWaitItsTemplateAsksForBeyondTheJobTimeout() throws Exception {
    var deployment = db.deployments(1).getFirst();
    db.sql.update(
        "UPDATE product_template_version SET health_timeout_sec = 3600"
            + " WHERE id = (SELECT desired_template_id FROM deployment WHERE id = ?)",
        deployment);
    db.enqueueNew(deployment, "create");

    var claimed = claimer.claim(1).getFirst();

    assertThat(claimed.healthTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(claimed.timeout(Duration.ofMinutes(30)))
        .isGreaterThanOrEqualTo(Duration.ofHours(3).plusMinutes(30));
  }
}
