package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The bounded pool of workers that run the step outside any transaction, and record how each run
 * ended: a success waits for the claim loop to mark it done, a failure is written at once, a run
 * whose lease was lost is given back. A run is known by its claim's epoch, not its job id: a job
 * given up, queued again and claimed again by this same instance is a different run, and the stale
 * one must neither finish nor hide the new one.
 */
final class JobWorkers {

  private static final Logger LOG = Logger.getLogger(JobWorkers.class);

  private final QueueSettings settings;
  private final ReconcileStep step;
  private final QueueMetrics metrics;
  private final JobOutcomes outcomes;
  private final OwnerShares ownerShares;
  private final SucceededJobs succeeded;
  private final WakeSignal wake;
  private final JobTelemetry telemetry;
  private final ExecutorService pool;
  private final AtomicInteger busy = new AtomicInteger();

  /** Workers neither running a job nor reserved by a claim loop's round in flight. */
  private final AtomicInteger freeSlots;

  /** Runs by their claim's epoch. */
  private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();

  private final ConcurrentLinkedQueue<ClaimedJob> toRelease = new ConcurrentLinkedQueue<>();
  private final Object idle = new Object();
  private volatile boolean stopping;
  private volatile boolean releasing;

  JobWorkers(
      QueueSettings settings,
      ReconcileStep step,
      QueueMetrics metrics,
      JobOutcomes outcomes,
      OwnerShares ownerShares,
      SucceededJobs succeeded,
      WakeSignal wake,
      JobTelemetry telemetry) {
    this.settings = settings;
    this.step = step;
    this.metrics = metrics;
    this.outcomes = outcomes;
    this.ownerShares = ownerShares;
    this.succeeded = succeeded;
    this.wake = wake;
    this.telemetry = telemetry;
    this.pool =
        Executors.newFixedThreadPool(
            settings.concurrency(),
            QueueThreads.named("reconcile-worker-" + settings.owner() + "-"));
    this.freeSlots = new AtomicInteger(settings.concurrency());
  }

  /** Reserves every free worker for one round; the round gives back those it did not use. */
  int reserveFree() {
    return freeSlots.getAndSet(0);
  }

  void giveBack(int slots) {
    freeSlots.addAndGet(slots);
  }

  boolean anyFree() {
    return freeSlots.get() > 0;
  }

  /** Runs {@code job} on a reserved worker. */
  void run(ClaimedJob job, long claimedNanos, long validUntilNanos) {
    var run = new RunningJob(job, claimedNanos, validUntilNanos);
    running.put(job.epoch(), run);
    busy.incrementAndGet();
    pool.execute(() -> work(run));
  }

  Collection<RunningJob> runs() {
    return running.values();
  }

  /** The run of the claim with {@code epoch}, or null when it has ended. */
  RunningJob run(long epoch) {
    return running.get(epoch);
  }

  private void work(RunningJob run) {
    run.worker = Thread.currentThread();
    var observed = telemetry.start(run.job);
    try {
      step.reconcile(run.job.request(settings.owner()));
      succeeded.add(run.job, run.claimedNanos);
    } catch (Exception e) {
      var error =
          run.timedOut ? new JobTimeoutException(run.job.timeout(settings.jobTimeout()), e) : e;
      observed.failed(error);
      if (releasing) {
        toRelease.add(run.job);
      } else if (run.leaseLost && !run.timedOut) {
        // Given up by the watchdog, or taken over: no attempt of the step failed. The release
        // writes only if the lease is still this run's (a renewal that failed for a moment).
        release(run.job);
      } else {
        recordFailure(run, error);
      }
    } finally {
      observed.close();
      running.remove(run.job.epoch());
      ownerShares.finished(run.job);
      busy.decrementAndGet();
      freeSlots.incrementAndGet();
      wake.raise();
      if (stopping) {
        synchronized (idle) {
          idle.notifyAll();
        }
      }
    }
  }

  private void recordFailure(RunningJob run, Exception error) {
    var job = run.job;
    if (error instanceof LeaseLostException) {
      LOG.infof("job %d: lease lost while running, its result is discarded", job.jobId());
    } else {
      metrics.failed.increment();
    }
    try {
      var outcome = outcomes.failed(job, error);
      metrics.count(outcome);
      metrics.claimToFinish.record(System.nanoTime() - run.claimedNanos, TimeUnit.NANOSECONDS);
      if (outcome != JobOutcomes.Outcome.LEASE_LOST) {
        LOG.infof(
            "job %d of deployment %d failed (attempt %d): %s -> %s",
            job.jobId(), job.deploymentId(), job.attempt() + 1, ErrorText.of(error), outcome);
      }
    } catch (SQLException e) {
      // The lease is no longer renewed (the job left `running`): it expires and the sweep of
      // any instance retries the job.
      LOG.errorf(
          e,
          "job %d: could not record its failure; it is retried when its lease expires",
          job.jobId());
    }
  }

  private void release(ClaimedJob job) {
    try {
      metrics.count(outcomes.release(job));
    } catch (SQLException e) {
      LOG.warnf(
          "job %d: could not release it (%s); it is retried when its lease expires",
          job.jobId(), e.getMessage());
    }
  }

  /** Waits up to {@code grace} for the running jobs to finish (shutdown). */
  void awaitIdle(Duration grace) {
    stopping = true;
    var deadline = System.nanoTime() + grace.toNanos();
    synchronized (idle) {
      while (busy.get() > 0) {
        var left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          LOG.infof("%d job(s) still running after the grace period of %s", busy.get(), grace);
          return;
        }
        try {
          idle.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Interrupts the workers still running, which stops their helm processes, and waits up to the
   * kill wait for them to return; the jobs of those that return are released by {@link
   * #releaseStopped}.
   */
  void interruptAll() {
    releasing = true;
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(settings.killWait().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf(
            "%d worker(s) still running %s after being interrupted: their jobs are not released,"
                + " their leases expire",
            running.size(), settings.killWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gives the jobs of the interrupted workers back to the queue for another instance. */
  void releaseStopped() {
    for (ClaimedJob job; (job = toRelease.poll()) != null; ) {
      release(job);
    }
  }
}
