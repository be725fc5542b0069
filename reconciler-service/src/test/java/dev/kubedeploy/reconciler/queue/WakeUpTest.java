package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs start on NOTIFY without waiting for the poll, and polling still delivers when LISTEN is off
 * or its connection was killed. The poll interval is a minute where only NOTIFY may deliver.
 */
class WakeUpTest {

  private static final Duration MINUTE_POLL = Duration.ofMinutes(1);

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  @Test
  void aNotificationStartsTheJobWithoutWaitingForThePoll() {
    var deployment = db.deployments(1).getFirst();
    var step = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      var engine =
          engines.start(
              db.dataSource, TestSettings.owner("listening").poll(MINUTE_POLL).build(), step);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.listener().connected());

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(db.jobStatus(jobId)));
      assertThat(step.executions()).hasSize(1);
    }
  }

  @Test
  void pollingDeliversWhenListeningIsOff() {
    var deployment = db.deployments(1).getFirst();
    var step = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      var engine =
          engines.start(
              db.dataSource,
              TestSettings.owner("polling").listen(false).poll(Duration.ofMillis(300)).build(),
              step);
      assertThat(engine.listener()).isNull();

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
  }

  @Test
  void theListenerReconnectsAfterItsConnectionIsKilledAndPollingCoversTheGap() throws Exception {
    var deployments = db.deployments(2);
    var step = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      var engine =
          engines.start(
              db.dataSource,
              TestSettings.owner("reconnecting").poll(Duration.ofMillis(500)).build(),
              step);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.listener().connected());
      var killed = engine.listener().backendPid();

      db.sql.column("SELECT pg_terminate_backend(?)", killed);
      var duringGap = db.enqueueNew(deployments.get(0), "create");

      await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(db.jobStatus(duringGap)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.listener().connected() && engine.listener().backendPid() != killed);
    }
  }

  @Test
  void aReconnectedListenerIsWokenByNotificationsAgain() throws Exception {
    var deployment = db.deployments(1).getFirst();
    var step = RecordingStep.succeeding();
    try (var engines = new Engines()) {
      var engine =
          engines.start(
              db.dataSource, TestSettings.owner("renewed").poll(MINUTE_POLL).build(), step);
      await().atMost(Duration.ofSeconds(10)).until(() -> engine.listener().connected());
      var killed = engine.listener().backendPid();
      db.sql.column("SELECT pg_terminate_backend(?)", killed);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.listener().connected() && engine.listener().backendPid() != killed);

      var jobId = db.enqueueNew(deployment, "create");

      await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(db.jobStatus(jobId)));
    }
  }
}
