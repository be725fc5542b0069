package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One owner's backlog cannot take every worker of an instance: owner A queues six jobs whose step
 * blocks, then owner B queues one, on an instance of four workers. Each {@code deployments} call
 * makes a user of its own, so A's and B's deployments have different owners.
 */
class OwnerShareTest {

  private static final int WORKERS = 4;

  private static QueueDatabase db;

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
  }

  @Test
  void oneOwnerOccupiesAtMostItsShareAndOtherOwnersJobsAreClaimedPastItsBacklog() {
    var ownerA = db.deployments(6);
    var ownerB = db.deployments(1).getFirst();
    var ownerC = db.deployments(1).getFirst();
    var gate = new CountDownLatch(1);
    var step = new RecordingStep(request -> gate.await());
    db.enqueueNew(ownerA, "create");
    var jobOfB = db.enqueueNew(ownerB, "create");
    try (var engines = new Engines()) {
      engines.start(
          db.dataSource,
          TestSettings.owner("shared").concurrency(WORKERS).maxOwnerShare(0.5).build(),
          step);

      await().atMost(Duration.ofSeconds(10)).until(() -> startedOf(step, ownerB) == 1);
      assertThat(startedOf(step, ownerA)).isEqualTo(2);
      assertThat(queuedOf(ownerA)).isEqualTo(4);

      // a later round, with a worker free and A's jobs first in due order, takes C's job
      var jobOfC = db.enqueueNew(ownerC, "create");
      await().atMost(Duration.ofSeconds(10)).until(() -> startedOf(step, ownerC) == 1);
      assertThat(startedOf(step, ownerA)).isEqualTo(2);
      assertThat(queuedOf(ownerA)).isEqualTo(4);

      gate.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> step.executions().size() == 8);
      assertThat(db.jobStatus(jobOfB)).isEqualTo("done");
      assertThat(db.jobStatus(jobOfC)).isEqualTo("done");
    }
    assertThat(mostRunningAtOnce(step.executions(), ownerA)).isEqualTo(2);
  }

  @Test
  void withAShareOfOneTheOwnersBacklogTakesEveryWorkerFirst() {
    var ownerA = db.deployments(6);
    var ownerB = db.deployments(1).getFirst();
    var gate = new CountDownLatch(1);
    var step = new RecordingStep(request -> gate.await());
    db.enqueueNew(ownerA, "create");
    var jobOfB = db.enqueueNew(ownerB, "create");
    try (var engines = new Engines()) {
      engines.start(
          db.dataSource,
          TestSettings.owner("unshared").concurrency(WORKERS).maxOwnerShare(1.0).build(),
          step);

      await().atMost(Duration.ofSeconds(10)).until(() -> step.started().size() == WORKERS);
      assertThat(startedOf(step, ownerA)).isEqualTo(WORKERS);
      assertThat(db.jobStatus(jobOfB)).isEqualTo("queued");

      gate.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> step.executions().size() == 7);
    }
    assertThat(mostRunningAtOnce(step.executions(), ownerA)).isEqualTo(WORKERS);
  }

  private static long startedOf(RecordingStep step, long deployment) {
    return startedOf(step, List.of(deployment));
  }

  private static long startedOf(RecordingStep step, List<Long> deployments) {
    return step.started().stream()
        .filter(request -> deployments.contains(request.deploymentId()))
        .count();
  }

  private static long queuedOf(List<Long> deployments) {
    return db.sql.count(
        "SELECT count(*) FROM deployment_reconcile_job WHERE status = 'queued'"
            + " AND deployment_id = ANY (?)",
        (Object) deployments.toArray(Long[]::new));
  }

  /** The most executions of {@code deployments} that overlapped (the step's own start and end). */
  private static int mostRunningAtOnce(
      List<RecordingStep.Execution> executions, List<Long> deployments) {
    var events = new ArrayList<long[]>();
    for (var execution : executions) {
      if (deployments.contains(execution.deploymentId())) {
        events.add(new long[] {execution.startNanos(), 1});
        events.add(new long[] {execution.endNanos(), -1});
      }
    }
    events.sort(Comparator.<long[]>comparingLong(event -> event[0]).thenComparing(e -> e[1]));
    var now = 0;
    var most = 0;
    for (var event : events) {
      now += (int) event[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
