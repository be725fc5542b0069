package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Workers that die or hang mid-job: their lease expires, another instance finishes the job. */
class KilledWorkerTest {

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  /** The worker processes' logs. */
  @TempDir static Path logs;

  @Test
  void aJobOfAWorkerProcessKilledWithSigkillIsFinishedByAnotherInstance() throws Exception {
    var deployment = db.deployments(1).getFirst();
    var jobId = db.enqueueNew(deployment, "create");
    var child = workerProcess("doomed-process");
    try {
      var started = child.awaitLine(line -> line.startsWith("STARTED"), Duration.ofSeconds(60));
      assertThat(started).isEqualTo("STARTED " + jobId);
      assertThat(
              db.sql
                  .rows(
                      "SELECT status, locked_by FROM deployment_reconcile_job WHERE id = ?", jobId)
                  .getFirst())
          .containsEntry("status", "running")
          .containsEntry("locked_by", "doomed-process");
    } finally {
      child.kill(); // SIGKILL: no shutdown hook, no release of the lease
    }

    var step = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      engines.start(db.dataSource, TestSettings.owner("survivor").build(), step);

      await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(db.jobStatus(jobId)));

      assertThat(engines.count("lease.takeovers")).isEqualTo(1);
    }
    assertThat(step.executions())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.jobId()).isEqualTo(jobId);
              assertThat(run.owner()).isEqualTo("survivor");
              // the takeover is no failed attempt: the step never failed
              assertThat(run.attempt()).isZero();
            });
  }

  @Test
  void aHungWorkersLateResultIsDiscardedAndTheNewOwnersJobStandsUntouched() throws Exception {
    var deployment = db.deployments(1).getFirst();
    // the attempt may run the job timeout plus three health timeouts: keep them short
    db.sql.update(
        "UPDATE product_template_version SET health_timeout_sec = 1"
            + " WHERE id = (SELECT desired_template_id FROM deployment WHERE id = ?)",
        deployment);
    var jobId = db.enqueueNew(deployment, "create");
    var hungRelease = new CountDownLatch(1);
    var hung =
        new RecordingStep(
            request -> {
              // Hangs, deaf to interrupts, until the test lets it return "success".
              var released = false;
              while (!released) {
                try {
                  released = hungRelease.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException deaf) {
                  // a hung worker does not notice
                }
              }
            });
    var newOwnerRelease = new CountDownLatch(1);
    var newOwner = new RecordingStep(request -> newOwnerRelease.await());
    try (var engines = new Engines()) {
      engines.start(
          db.dataSource,
          TestSettings.owner("hung")
              .concurrency(1)
              .lease(Duration.ofSeconds(1), Duration.ofMillis(200))
              .jobTimeout(Duration.ofMillis(500))
              .build(),
          hung);
      await().atMost(Duration.ofSeconds(10)).until(() -> hung.started().size() == 1);
      engines.start(db.dataSource, TestSettings.owner("new-owner").build(), newOwner);

      await().atMost(Duration.ofSeconds(20)).until(() -> newOwner.started().size() == 1);
      hungRelease.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> engines.count("lease.lost") == 1);

      assertThat(
              db.sql
                  .rows(
                      "SELECT status, locked_by, attempt FROM deployment_reconcile_job"
                          + " WHERE id = ?",
                      jobId)
                  .getFirst())
          .containsEntry("status", "running")
          .containsEntry("locked_by", "new-owner")
          .containsEntry("attempt", 0);
      newOwnerRelease.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.jobStatus(jobId)));
      assertThat(engines.count("lease.takeovers")).isEqualTo(1);
      assertThat(engines.count("jobs.succeeded")).isEqualTo(1);
    }
    assertThat(hung.executions())
        .singleElement()
        .extracting(RecordingStep.Execution::jobId)
        .isEqualTo(jobId);
    assertThat(newOwner.executions())
        .singleElement()
        .extracting(RecordingStep.Execution::owner)
        .isEqualTo("new-owner");
  }

  /**
   * A poison job: its reconcile takes down every worker that runs it. Each worker process that
   * starts takes the job of the one before over and dies on it, until the takeover limit (3)
   * finishes it as dead with the deployment failed, and the next worker lives.
   */
  @Test
  void aJobWhoseReconcileKillsItsWorkerEveryTimeIsGivenUpAfterTheTakeoverLimit() throws Exception {
    var deployment = db.deployments(1).getFirst();
    var jobId = db.enqueueNew(deployment, "create");

    var crashed = 0;
    for (var i = 1; i <= 6 && !"dead".equals(db.jobStatus(jobId)); i++) {
      var worker = workerProcess("crashing-" + i, "crash");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !worker.isAlive() || "dead".equals(db.jobStatus(jobId)));
      } finally {
        worker.kill();
      }
      if (worker.awaitExit(Duration.ofSeconds(10)) == BlockingWorkerMain.CRASHED) {
        crashed++;
      }
    }

    assertThat(crashed).isEqualTo(RetryPolicy.DEFAULT_MAX_TAKEOVERS);
    var job =
        db.sql
            .rows(
                "SELECT status, attempt, takeovers, last_error FROM deployment_reconcile_job"
                    + " WHERE id = ?",
                jobId)
            .getFirst();
    assertThat(job)
        .containsEntry("status", "dead")
        .containsEntry("attempt", 0)
        .containsEntry("takeovers", 3);
    assertThat((String) job.get("last_error"))
        .startsWith("the reconcile lost its worker 3 times")
        .contains("LeaseExpired: the lease of crashing-3 expired");
    assertThat(
            db.sql
                .rows("SELECT status, last_error FROM deployment WHERE id = ?", deployment)
                .getFirst())
        .containsEntry("status", "failed")
        .containsEntry("last_error", job.get("last_error"));
    assertThat(
            db.sql.rows(
                "SELECT old_status, new_status, reason FROM deployment_status_history"
                    + " WHERE deployment_id = ?",
                deployment))
        .singleElement()
        .satisfies(
            history -> {
              assertThat(history).containsEntry("old_status", "pending");
              assertThat(history).containsEntry("new_status", "failed");
              assertThat(history).containsEntry("reason", job.get("last_error"));
            });
  }

  /** A {@link BlockingWorkerMain} process named {@code owner} on the test's database. */
  private static RunningProcess workerProcess(String owner, String... mode) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BlockingWorkerMain.class.getName(),
                db.coordinates.jdbcUrl(),
                db.coordinates.username(),
                db.coordinates.password(),
                owner));
    command.addAll(List.of(mode));
    return Command.of(command).start(logs.resolve(owner + ".log"));
  }
}
