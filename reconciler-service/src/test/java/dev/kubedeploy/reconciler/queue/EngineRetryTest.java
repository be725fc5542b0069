package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The retry schedule as the engine runs it: attempts, backoff, dead, permanent errors. */
class EngineRetryTest {

  private static final RetryPolicy RETRY =
      new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofMillis(400), 4);

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();

  @Test
  void aJobThatFailsTwiceIsRetriedWithBackoffAndThenSucceeds() {
    var deployment = db.deployments(1).getFirst();
    var calls = new AtomicInteger();
    var step =
        new RecordingStep(
            request -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IOException("API server unavailable");
              }
            });
    try (var engines = new Engines()) {
      engines.start(db.dataSource, TestSettings.owner("retrying").retry(RETRY).build(), step);

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(db.jobStatus(jobId)));
      assertThat(engines.count("jobs.failed")).isEqualTo(2);
      assertThat(engines.count("jobs.retried")).isEqualTo(2);
      assertThat(engines.count("jobs.succeeded")).isEqualTo(1);
    }
    assertThat(step.executions())
        .extracting(RecordingStep.Execution::attempt)
        .containsExactly(0, 1, 2);
    assertThat(db.sql.column("SELECT last_error FROM deployment WHERE id = ?", deployment))
        .containsOnlyNulls();
  }

  @Test
  void aJobThatAlwaysFailsIsDeadAfterMaxAttemptsAndItsDeploymentFailed() {
    var deployment = db.deployments(1).getFirst();
    var step =
        new RecordingStep(
            request -> {
              throw new IllegalStateException("release pending-upgrade");
            });
    try (var engines = new Engines()) {
      engines.start(db.dataSource, TestSettings.owner("failing").retry(RETRY).build(), step);

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(db.jobStatus(jobId)));
      assertThat(engines.count("jobs.dead")).isEqualTo(1);
    }
    assertThat(step.executions())
        .extracting(RecordingStep.Execution::attempt)
        .containsExactly(0, 1, 2, 3);
    assertThat(
            db.sql
                .rows("SELECT status, last_error FROM deployment WHERE id = ?", deployment)
                .getFirst())
        .containsEntry("status", "failed")
        .containsEntry("last_error", "IllegalStateException: release pending-upgrade");
    assertThat(
            db.sql.count(
                "SELECT count(*) FROM deployment_status_history WHERE deployment_id = ?"
                    + " AND old_status = 'pending' AND new_status = 'failed'",
                deployment))
        .isEqualTo(1);
  }

  @Test
  void aPermanentErrorIsNeverRetried() {
    var deployment = db.deployments(1).getFirst();
    var step =
        new RecordingStep(
            request -> {
              throw new PermanentReconcileException("values violate the schema: /replicas");
            });
    try (var engines = new Engines()) {
      engines.start(db.dataSource, TestSettings.owner("permanent").retry(RETRY).build(), step);

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(10)).until(() -> "dead".equals(db.jobStatus(jobId)));
      assertThat(engines.count("jobs.retried")).isZero();
    }
    assertThat(step.executions()).hasSize(1);
    assertThat(db.sql.column("SELECT status FROM deployment WHERE id = ?", deployment))
        .containsExactly("failed");
  }
}
