package dev.kubedeploy.benchmark.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.reconciler.queue.QueueEngine;
import dev.kubedeploy.reconciler.queue.QueueMetrics;
import dev.kubedeploy.reconciler.queue.QueueSettings;
import dev.kubedeploy.reconciler.queue.ReconcileStep;
import dev.kubedeploy.reconciler.queue.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs of the project's queue engine: throughput with a no-op step, and wake-up latency. */
final class QueueRuns {

  private final BenchmarkDatabase db;

  QueueRuns(BenchmarkDatabase db) {
    this.db = db;
  }

  static QueueSettings settings(String owner, int concurrency, boolean listen) {
    return new QueueSettings(
        owner,
        concurrency,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofMinutes(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        100,
        listen,
        Duration.ofSeconds(30),
        new RetryPolicy(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(5), 8));
  }

  /** Claims, runs a no-op step for and completes {@code jobs} jobs; times the whole drain. */
  Throughput throughput(int instances, int concurrency, int jobs) throws Exception {
    db.emptyQueue();
    db.queueJobs(jobs);
    var registry = new SimpleMeterRegistry();
    var metrics = new QueueMetrics(registry);
    ReconcileStep noop = request -> {};
    var engines = new ArrayList<QueueEngine>();
    var cost = RunCost.start(db);
    var start = System.nanoTime();
    for (var i = 1; i <= instances; i++) {
      var engine =
          new QueueEngine(db.dataSource, settings("bench-" + i, concurrency, true), noop, metrics);
      engine.start();
      engines.add(engine);
    }
    var succeeded = registry.get("kubedeploy.queue.jobs.succeeded").counter();
    while (succeeded.count() < jobs) {
      TimeUnit.MILLISECONDS.sleep(2);
    }
    var elapsed = System.nanoTime() - start;
    var spent = RunCost.since(cost, db);
    engines.forEach(engine -> engine.stop(Duration.ofSeconds(5)));
    var done = db.queryLong("SELECT count(*) FROM deployment_reconcile_job WHERE status = 'done'");
    if (done != jobs) {
      throw new IllegalStateException("expected " + jobs + " done jobs, found " + done);
    }
    return new Throughput("kubedeploy queue", instances, concurrency, jobs, elapsed, spent);
  }

  /**
   * Enqueues {@code jobs} jobs one at a time, {@code perSecond} a second, each in a transaction
   * with its NOTIFY as the API does, and measures from just before each commit to the step's start.
   */
  Latency latency(boolean listen, int jobs, int perSecond) throws Exception {
    db.emptyQueue();
    var committing = new ConcurrentHashMap<Long, Long>();
    var latencies = new ConcurrentHashMap<Long, Long>();
    ReconcileStep step =
        request -> {
          var now = System.nanoTime();
          Long before;
          while ((before = committing.get(request.deploymentId())) == null) {
            Thread.onSpinWait();
          }
          latencies.put(request.deploymentId(), now - before);
        };
    var engine =
        new QueueEngine(
            db.dataSource,
            settings("latency", 8, listen),
            step,
            new QueueMetrics(new SimpleMeterRegistry()));
    engine.start();
    if (listen) {
      while (!engine.listener().connected()) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
    var pause = 1_000_000_000L / perSecond;
    var next = System.nanoTime();
    for (long deployment = 1; deployment <= jobs; deployment++) {
      enqueue(deployment, committing);
      next += pause;
      var wait = next - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    while (latencies.size() < jobs) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    engine.stop(Duration.ofSeconds(5));
    var millis = latencies.values().stream().mapToDouble(nanos -> nanos / 1e6).toArray();
    return new Latency(listen ? "NOTIFY + 1 s poll" : "1 s poll only", millis);
  }

  /** The API's enqueue: the job row and its notification in one transaction. */
  private void enqueue(long deploymentId, ConcurrentHashMap<Long, Long> committing)
      throws SQLException {
    try (var connection = db.dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (var insert =
              connection.prepareStatement(
                  "INSERT INTO deployment_reconcile_job (deployment_id, reason) VALUES (?, 'bench')");
          var notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        insert.setLong(1, deploymentId);
        insert.executeUpdate();
        notify.setString(1, ReconcileJob.NOTIFY_CHANNEL);
        notify.setString(2, Long.toString(deploymentId));
        notify.execute();
      }
      committing.put(deploymentId, System.nanoTime());
      connection.commit();
    }
  }
}
