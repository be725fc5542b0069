package dev.kubedeploy.reconciler.queue;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster test db-scheduler runs, on our invariants: several instances over one table, every
 * job run exactly once, never two runs of one deployment at the same time, nothing left behind.
 */
class QueueClusterTest {

  private static final int DEPLOYMENTS = 1_000;
  private static final int JOBS_PER_DEPLOYMENT = 10;
  private static final int INSTANCES = 3;

  @RegisterExtension static final QueueDatabase db = QueueDatabase.create();

  @Test
  void threeInstancesRunTenThousandJobsEachOnceWithoutOverlapPerDeployment() throws Exception {
    var deployments = db.deployments(DEPLOYMENTS);
    var step =
        new RecordingStep(
            request ->
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 200_000)));
    try (var engines = new Engines()) {
      for (var i = 1; i <= INSTANCES; i++) {
        engines.start(db.dataSource, TestSettings.owner("instance-" + i).build(), step);
      }

      var created = produce(deployments);

      await().atMost(Duration.ofSeconds(60)).until(() -> db.countJobs("done") == created);
      assertThat(created).isEqualTo(DEPLOYMENTS * JOBS_PER_DEPLOYMENT);
      assertThat(db.countJobs("queued") + db.countJobs("running") + db.countJobs("dead")).isZero();
      assertThat(engines.count("jobs.claimed")).isEqualTo(created);
      assertThat(engines.count("lease.takeovers")).isZero();
    }

    var executions = step.executions();
    assertThat(executions).hasSize(DEPLOYMENTS * JOBS_PER_DEPLOYMENT);
    assertThat(executions.stream().map(RecordingStep.Execution::jobId).collect(toSet()))
        .hasSize(executions.size());
    assertThat(executions.stream().map(RecordingStep.Execution::owner).collect(toSet()))
        .hasSize(INSTANCES);
    executions.stream()
        .collect(groupingBy(RecordingStep.Execution::deploymentId))
        .forEach(
            (deployment, runs) -> {
              var inOrder =
                  runs.stream()
                      .sorted(Comparator.comparingLong(RecordingStep.Execution::startNanos))
                      .toList();
              for (var i = 1; i < inOrder.size(); i++) {
                assertThat(inOrder.get(i).startNanos())
                    .as("deployment %d: run %d starts after run %d ended", deployment, i, i - 1)
                    .isGreaterThanOrEqualTo(inOrder.get(i - 1).endNanos());
              }
            });
  }

  /**
   * Queues ten jobs per deployment: a deployment gets its next job once its previous one left the
   * queue (one queued job per deployment), so production runs alongside the instances.
   */
  private static long produce(List<Long> deployments) throws InterruptedException {
    var made = new HashMap<Long, Integer>();
    deployments.forEach(id -> made.put(id, 0));
    var created = 0L;
    while (created < (long) DEPLOYMENTS * JOBS_PER_DEPLOYMENT) {
      var wanting =
          made.entrySet().stream()
              .filter(entry -> entry.getValue() < JOBS_PER_DEPLOYMENT)
              .map(Map.Entry::getKey)
              .toList();
      var queued = db.enqueueNew(wanting, "update");
      queued.forEach(id -> made.merge(id, 1, Integer::sum));
      created += queued.size();
      if (queued.isEmpty()) {
        Thread.sleep(2);
      }
    }
    return created;
  }
}
