package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.reconciler.helm.HelmLikeChild;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What keeps two helm processes from ever working on one release: a worker gives its job up, and
 * stops its helm, before its lease can expire when it cannot renew it; nothing else the instance
 * does stops its heartbeats; a stale run never passes for a newer one; shutdown waits for helm.
 */
class LeaseKeepingTest {

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  @Test
  void aWorkerThatCannotRenewItsLeaseKillsItsHelmBeforeTheLeaseCanExpire() throws Exception {
    var source = new FailingDataSource(db.dataSource);
    var helm = HelmLikeChild.sleeping(4711);
    var runs = new AtomicInteger();
    var step =
        new RecordingStep(
            request -> {
              if (runs.incrementAndGet() == 1) {
                helm.run();
              }
            });
    var jobId = db.enqueueNew(db.deployments(1).getFirst(), "create");
    try (var engines = new Engines()) {
      engines.start(
          source,
          TestSettings.owner("cut-off")
              .listen(false)
              .lease(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(5))
              .build(),
          step);
      await().atMost(Duration.ofSeconds(10)).until(helm::alive);
      var epoch = claimEpoch(jobId);

      source.fail(true);

      await().atMost(Duration.ofSeconds(20)).until(() -> !helm.alive());
      assertThat(
              db.sql
                  .rows(
                      "SELECT status, claim_epoch, lease_expires_at > now() AS leased"
                          + " FROM deployment_reconcile_job WHERE id = ?",
                      jobId)
                  .getFirst())
          .as("helm is gone while the lease still holds: no other instance can have the job yet")
          .containsEntry("status", "running")
          .containsEntry("claim_epoch", epoch)
          .containsEntry("leased", true);

      source.fail(false);
      await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
    assertThat(step.executions())
        .extracting(RecordingStep.Execution::attempt)
        .as("giving a job up is no failed attempt")
        .containsExactly(0, 0);
  }

  /**
   * A transaction elsewhere holds the row of a deployment whose job's lease expired: the sweep must
   * not wait behind it, nor may anything else keep the heartbeat from renewing the leases of the
   * jobs this instance runs.
   */
  @Test
  void aLongTransactionHoldingADeploymentRowDoesNotStopTheHeartbeat() throws Exception {
    var deployments = db.deployments(2);
    var locked = deployments.get(0);
    var abandoned =
        db.sql.count(
            "INSERT INTO deployment_reconcile_job (deployment_id, reason, status, locked_by,"
                + " lease_expires_at, claim_epoch) VALUES (?, 'create', 'running', 'dead-instance',"
                + " now() - interval '1 second',"
                + " nextval('deployment_reconcile_job_claim_epoch_seq')) RETURNING id",
            locked);
    var release = new CountDownLatch(1);
    var step = new RecordingStep(request -> release.await());
    try (var engines = new Engines();
        var blocker = db.dataSource.getConnection()) {
      holdRow(blocker, locked);
      var lease = Duration.ofSeconds(10);
      engines.start(
          db.dataSource,
          TestSettings.owner("steady")
              .lease(lease, Duration.ofMillis(300))
              // timeouts far longer than the test: only not waiting keeps the heartbeat going
              .timeouts(
                  new QueueTimeouts(
                      Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(3)))
              .build(),
          step);
      var jobId = db.enqueueNew(deployments.get(1), "create");
      await().atMost(Duration.ofSeconds(10)).until(() -> step.started().size() == 1);
      var heldSince = databaseNow();
      var epoch = claimEpoch(jobId);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM deployment_reconcile_job WHERE id = ?"
                              + " AND claim_epoch = ?"
                              + " AND lease_expires_at > ?::timestamptz + ? * interval '1 ms'",
                          jobId,
                          epoch,
                          heldSince,
                          lease.plusSeconds(3).toMillis())
                      == 1);
      assertThat(db.jobStatus(abandoned)).isEqualTo("running");
      assertThat(step.started()).as("the run was never given up").hasSize(1);

      blocker.rollback();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM deployment_reconcile_job WHERE id = ?"
                              + " AND locked_by IS DISTINCT FROM 'dead-instance'",
                          abandoned)
                      == 1);
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
  }

  /**
   * The same instance gives a job up (it could not renew the lease), takes it over and claims it
   * again while the stale run, deaf to interrupts, is still going: that run's late success must
   * neither finish the new run nor make the instance forget it. The stale run occupies one of the
   * two workers until it returns, so the cap per owner is off here: with it, the owner's new run
   * would (rightly) wait for that worker.
   */
  @Test
  void aStaleRunOfAJobClaimedAgainByTheSameInstanceNeitherFinishesNorHidesTheNewRun()
      throws Exception {
    var source = new FailingDataSource(db.dataSource);
    var staleMayReturn = new CountDownLatch(1);
    var newMayReturn = new CountDownLatch(1);
    var runs = new AtomicInteger();
    var step =
        new RecordingStep(
            request -> {
              if (runs.incrementAndGet() == 1) {
                awaitDeafly(staleMayReturn);
              } else {
                newMayReturn.await();
              }
            });
    var jobId = db.enqueueNew(db.deployments(1).getFirst(), "create");
    try (var engines = new Engines()) {
      engines.start(
          source,
          TestSettings.owner("solo")
              .concurrency(2)
              .maxOwnerShare(1.0)
              .listen(false)
              .lease(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(800))
              .build(),
          step);
      await().atMost(Duration.ofSeconds(10)).until(() -> step.started().size() == 1);
      var staleEpoch = claimEpoch(jobId);

      source.fail(true);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM deployment_reconcile_job WHERE id = ?"
                              + " AND lease_expires_at < now()",
                          jobId)
                      == 1);
      source.fail(false);
      await().atMost(Duration.ofSeconds(20)).until(() -> step.started().size() == 2);
      assertThat(claimEpoch(jobId)).isNotEqualTo(staleEpoch);

      staleMayReturn.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> step.executions().size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> engines.count("lease.lost") == 1);

      assertThat(db.jobStatus(jobId))
          .as("the stale success did not finish the new run")
          .isEqualTo("running");
      var renewedAfter = databaseNow();
      await()
          .atMost(Duration.ofSeconds(10))
          .alias("the new run's lease is still renewed")
          .until(
              () ->
                  db.sql.count(
                          "SELECT count(*) FROM deployment_reconcile_job WHERE id = ?"
                              + " AND status = 'running'"
                              + " AND lease_expires_at > ?::timestamptz + interval '2500 ms'",
                          jobId,
                          renewedAfter)
                      == 1);
      newMayReturn.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
  }

  @Test
  void shutdownWaitsForHelmToExitBeforeItReleasesTheJob() throws Exception {
    var helm = HelmLikeChild.ignoringSigterm(4712, Duration.ofSeconds(3));
    var step = new RecordingStep(request -> helm.run());
    var jobId = db.enqueueNew(db.deployments(1).getFirst(), "create");
    try (var engines = new Engines()) {
      var engine = engines.start(db.dataSource, TestSettings.owner("leaving").build(), step);
      await().atMost(Duration.ofSeconds(10)).until(helm::alive);

      engine.stop(Duration.ofMillis(100));

      assertThat(helm.alive()).as("helm is gone when the job is released").isFalse();
      assertThat(db.jobStatus(jobId)).isEqualTo("queued");
    }
  }

  private static String databaseNow() {
    return (String) db.sql.column("SELECT now()::text").getFirst();
  }

  private static long claimEpoch(long jobId) {
    return db.sql.count("SELECT claim_epoch FROM deployment_reconcile_job WHERE id = ?", jobId);
  }

  private static void holdRow(Connection connection, long deploymentId) throws Exception {
    connection.setAutoCommit(false);
    try (var lock =
        connection.prepareStatement("SELECT 1 FROM deployment WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, deploymentId);
      lock.executeQuery().close();
    }
  }

  /** A worker stuck in a call that does not notice interrupts, until the test lets it go. */
  private static void awaitDeafly(CountDownLatch latch) {
    var released = false;
    while (!released) {
      try {
        released = latch.await(1, TimeUnit.SECONDS);
      } catch (InterruptedException deaf) {
        // a hung worker does not notice
      }
    }
  }
}
