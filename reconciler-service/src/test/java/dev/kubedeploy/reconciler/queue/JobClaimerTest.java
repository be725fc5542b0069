package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobClaimerTest {

  private static QueueDatabase db;
  private JobClaimer claimer;

  @BeforeAll
  static void createDatabase() {
    db = QueueDatabase.create();
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void emptyQueue() {
    db.sql.update("DELETE FROM deployment_reconcile_job");
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
    db.sql.update("UPDATE deployment SET applied_generation = 2 WHERE id = ?", deployments.get(1));
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
}
