package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One owner's backlog cannot take every worker of an instance: owner A queues six jobs whose step
 * blocks, then owner B queues one, on an instance of four workers. Each {@code deployments} call
 * makes a user of its own, so A's and B's deployments have different owners.
 */
class OwnerShareTest {

  private static final int WORKERS = 4;

  @RegisterExtension
  static final QueueDatabase db = QueueDatabase.create().emptyingTheQueueBeforeEach();

  @Test
  void oneOwnerOccupiesAtMostItsShareAndOtherOwnersJobsAreClaimedPastItsBacklog() {
    var backlog = Backlog.queue();
    var ownerA = backlog.ownerA();
    var ownerB = backlog.ownerB();
    var ownerC = db.deployments(1).getFirst();
    var gate = new CountDownLatch(1);
    var step = new RecordingStep(request -> gate.await());
    try (var engines = new Engines()) {
      start(engines, 0.5, step);

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
      assertThat(db.jobStatus(backlog.jobOfB())).isEqualTo("done");
      assertThat(db.jobStatus(jobOfC)).isEqualTo("done");
    }
    assertThat(mostRunningAtOnce(step.executions(), ownerA)).isEqualTo(2);
  }

  @Test
  void withAShareOfOneTheOwnersBacklogTakesEveryWorkerFirst() {
    var backlog = Backlog.queue();
    var ownerA = backlog.ownerA();
    var gate = new CountDownLatch(1);
    var step = new RecordingStep(request -> gate.await());
    try (var engines = new Engines()) {
      start(engines, 1.0, step);

      await().atMost(Duration.ofSeconds(10)).until(() -> step.started().size() == WORKERS);
      assertThat(startedOf(step, ownerA)).isEqualTo(WORKERS);
      assertThat(db.jobStatus(backlog.jobOfB())).isEqualTo("queued");

      gate.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> step.executions().size() == 7);
    }
    assertThat(mostRunningAtOnce(step.executions(), ownerA)).isEqualTo(WORKERS);
  }

  /** Six jobs of owner A queued, then one of owner B: A's are first in due order. */
  private record Backlog(List<Long> ownerA, long ownerB, long jobOfB) {

    static Backlog queue() {
      var ownerA = db.deployments(6);
      var ownerB = db.deployments(1).getFirst();
      db.enqueueNew(ownerA, "create");
      return new Backlog(ownerA, ownerB, db.enqueueNew(ownerB, "create"));
    }
  }

  private static void start(Engines engines, double maxOwnerShare, RecordingStep step) {
    engines.start(
        db.dataSource,
        TestSettings.owner("share-" + maxOwnerShare)
            .concurrency(WORKERS)
            .maxOwnerShare(maxOwnerShare)
            .build(),
        step);
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
