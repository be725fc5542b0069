package dev.kubedeploy.benchmark.queue;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer: db-scheduler running the same workload (one-time executions due now, a no-op task) with
 * its lock-and-fetch polling strategy, on the same database and pool.
 */
final class DbSchedulerRuns {

  private static final String TABLE =
      """
      CREATE TABLE IF NOT EXISTS scheduled_tasks (
        task_name            text NOT NULL,
        task_instance        text NOT NULL,
        task_data            bytea,
        execution_time       timestamptz NOT NULL,
        picked               boolean NOT NULL,
        picked_by            text,
        last_success         timestamptz,
        last_failure         timestamptz,
        consecutive_failures int,
        last_heartbeat       timestamptz,
        version              bigint NOT NULL,
        priority             smallint,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX IF NOT EXISTS priority_execution_time_idx
          ON scheduled_tasks (priority DESC, execution_time ASC);
      """;

  private final BenchmarkDatabase db;

  DbSchedulerRuns(BenchmarkDatabase db) {
    this.db = db;
  }

  Throughput throughput(int instances, int concurrency, int jobs) throws Exception {
    db.execute(TABLE);
    db.execute("TRUNCATE scheduled_tasks");
    db.execute("VACUUM ANALYZE scheduled_tasks");
    db.execute(
        "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)"
            + " SELECT 'noop', 'job-' || g, now(), false, 1 FROM generate_series(1, "
            + jobs
            + ") g");
    db.execute("ANALYZE scheduled_tasks");
    var executed = new AtomicLong();
    var task = Tasks.oneTime("noop").execute((instance, context) -> executed.incrementAndGet());
    var schedulers = new ArrayList<Scheduler>();
    var cost = RunCost.start(db);
    var start = System.nanoTime();
    for (var i = 1; i <= instances; i++) {
      var scheduler =
          Scheduler.create(db.dataSource, task)
              .schedulerName(new SchedulerName.Fixed("bench-" + i))
              .threads(concurrency)
              .pollUsingLockAndFetch(0.5, 1.0)
              .pollingInterval(Duration.ofSeconds(1))
              .build();
      scheduler.start();
      schedulers.add(scheduler);
    }
    while (executed.get() < jobs) {
      TimeUnit.MILLISECONDS.sleep(2);
    }
    // An execution is complete when its row is gone (a one-time task's completion deletes it).
    while (db.queryLong("SELECT count(*) FROM scheduled_tasks") > 0) {
      TimeUnit.MILLISECONDS.sleep(2);
    }
    var elapsed = System.nanoTime() - start;
    var spent = RunCost.since(cost, db);
    schedulers.forEach(Scheduler::stop);
    return new Throughput("db-scheduler", instances, concurrency, jobs, elapsed, spent);
  }
}
