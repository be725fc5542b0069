package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping an instance: running jobs get the grace period, then go back to the queue at once. */
class GracefulShutdownTest {

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();

  @Test
  void aJobFinishingWithinTheGracePeriodIsMarkedDone() {
    var deployment = db.deployments(1).getFirst();
    var proceed = new CountDownLatch(1);
    var step = new RecordingStep(request -> proceed.await());
    try (var engines = new Engines()) {
      var engine = engines.start(db.dataSource, TestSettings.owner("stopping").build(), step);
      var jobId = db.enqueueNew(deployment, "create");
      await().atMost(Duration.ofSeconds(5)).until(() -> step.started().size() == 1);

      Thread.ofVirtual().start(proceed::countDown);
      engine.stop(Duration.ofSeconds(10));

      assertThat(db.jobStatus(jobId)).isEqualTo("done");
    }
  }

  @Test
  void aJobStillRunningAfterTheGracePeriodIsReleasedAndTakenAtOnceByAnotherInstance() {
    var deployment = db.deployments(1).getFirst();
    var never = new CountDownLatch(1);
    var stopping = new RecordingStep(request -> never.await());
    var other = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      var engine = engines.start(db.dataSource, TestSettings.owner("leaving").build(), stopping);
      var jobId = db.enqueueNew(deployment, "create");
      await().atMost(Duration.ofSeconds(5)).until(() -> stopping.started().size() == 1);

      engine.stop(Duration.ofMillis(200));

      assertThat(
              db.sql
                  .rows(
                      "SELECT status, attempt, locked_by FROM deployment_reconcile_job"
                          + " WHERE id = ?",
                      jobId)
                  .getFirst())
          .containsEntry("status", "queued")
          .containsEntry("attempt", 0)
          .containsEntry("locked_by", null);
      assertThat(engines.count("jobs.released")).isEqualTo(1);
      engines.start(db.dataSource, TestSettings.owner("staying").build(), other);
      await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
    assertThat(other.executions())
        .singleElement()
        .extracting(RecordingStep.Execution::attempt)
        .isEqualTo(0);
  }
}
