package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One reconciler instance's queue: claim loops that take as many due jobs as there are free workers
 * (and mark finished ones done in the same statement), a bounded pool of workers that run the step
 * outside any transaction, heartbeats that renew the leases of running jobs, a watchdog that gives
 * up a job whose lease it could not renew before the lease can expire, a sweep that takes over jobs
 * whose lease expired, and a listener that wakes the claim loop on NOTIFY (with polling as the
 * fallback). Heartbeat, watchdog and sweep each have a thread of their own, so that none waits
 * behind another. Plain Java over a {@link DataSource}, so that tests and the benchmark run several
 * instances in one process.
 *
 * <p>A run is known by its claim's epoch, not its job id: a job given up, queued again and claimed
 * again by this same instance is a different run, and the stale one must neither finish nor hide
 * the new one.
 */
public final class QueueEngine {

  private static final Logger LOG = Logger.getLogger(QueueEngine.class);

  /**
   * Rounds in flight at once: while one round waits for its commit to be flushed, the other marks
   * done and claims for the workers that came free meanwhile, and PostgreSQL flushes both commits
   * together. Each round reserves the free workers it claims for, so together they never claim more
   * than the pool can take.
   */
  private static final int CLAIM_LOOPS = 2;

  private final QueueSettings settings;
  private final ReconcileStep step;
  private final QueueMetrics metrics;
  private final List<JobClaimer> claimers = new ArrayList<>();
  private final JobOutcomes outcomes;
  private final NotificationListener listener;
  private final WakeSignal wake = new WakeSignal();
  private final ExecutorService workers;
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService watchdog;
  private final ScheduledExecutorService sweeps;
  private final List<Thread> claimLoops = new ArrayList<>();
  private final AtomicInteger busy = new AtomicInteger();

  /** Workers neither running a job nor reserved by a claim loop's round in flight. */
  private final AtomicInteger freeSlots;

  private final OwnerShares ownerShares;

  /** Runs by their claim's epoch. */
  private final Map<Long, Running> running = new ConcurrentHashMap<>();

  private final ConcurrentLinkedQueue<Finished> succeeded = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ClaimedJob> toRelease = new ConcurrentLinkedQueue<>();
  private final Object idle = new Object();
  private final OutageLog claimOutage = new OutageLog("claiming jobs");
  private final OutageLog leaseOutage = new OutageLog("renewing leases");
  private volatile boolean stopping;
  private volatile boolean releasing;

  /** A job a worker is running. */
  private static final class Running {
    final ClaimedJob job;
    final long claimedNanos;
    final long startedNanos = System.nanoTime();
    volatile Thread worker;
    volatile boolean timedOut;

    /** Taken over by another instance, or given up by the watchdog: no more renewals. */
    volatile boolean leaseLost;

    /**
     * Until when (System.nanoTime(), a monotonic clock) the lease is surely still ours: the start
     * of the last claim or renewal that succeeded, plus the lease, minus the safety margin. The
     * database set the lease's end from its own now(), which was later than that start.
     */
    volatile long validUntilNanos;

    Running(ClaimedJob job, long claimedNanos, long validUntilNanos) {
      this.job = job;
      this.claimedNanos = claimedNanos;
      this.validUntilNanos = validUntilNanos;
    }

    synchronized void renewed(long validUntil) {
      if (validUntil - validUntilNanos > 0) {
        validUntilNanos = validUntil;
      }
    }
  }

  /** A job whose step succeeded, waiting for the next batch that marks jobs done. */
  private record Finished(ClaimedJob job, long claimedNanos) {}

  public QueueEngine(
      DataSource dataSource, QueueSettings settings, ReconcileStep step, QueueMetrics metrics) {
    this.settings = settings;
    this.step = step;
    this.metrics = metrics;
    this.outcomes =
        new JobOutcomes(
            dataSource,
            settings.owner(),
            settings.lease(),
            settings.retryPolicy(),
            RandomGenerator.getDefault(),
            settings.database());
    this.listener =
        settings.listen()
            ? new NotificationListener(
                dataSource,
                ReconcileJob.NOTIFY_CHANNEL,
                wake::raise,
                settings.reconnectMaxDelay(),
                "reconcile-listener-" + settings.owner())
            : null;
    this.workers =
        Executors.newFixedThreadPool(
            settings.concurrency(), named("reconcile-worker-" + settings.owner() + "-"));
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            named("reconcile-heartbeat-" + settings.owner()));
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(named("reconcile-watchdog-" + settings.owner()));
    this.sweeps =
        Executors.newSingleThreadScheduledExecutor(named("reconcile-sweep-" + settings.owner()));
    this.freeSlots = new AtomicInteger(settings.concurrency());
    this.ownerShares = new OwnerShares(settings.maxOwnerShare(), settings.concurrency());
    for (var i = 1; i <= CLAIM_LOOPS; i++) {
      var claimer =
          new JobClaimer(dataSource, settings.owner(), settings.lease(), settings.database());
      claimers.add(claimer);
      claimLoops.add(
          new Thread(() -> claimLoop(claimer), "reconcile-claimer-" + settings.owner() + "-" + i));
    }
  }

  /** The notification listener, or null when polling only. */
  public NotificationListener listener() {
    return listener;
  }

  public void start() {
    LOG.infof(
        "reconcile queue %s starting: %d workers (at most %d per owner), lease %s, poll every %s,"
            + " %s",
        settings.owner(),
        settings.concurrency(),
        OwnerShares.workersPerOwner(settings.maxOwnerShare(), settings.concurrency()),
        settings.lease(),
        settings.pollInterval(),
        listener == null ? "polling only" : "woken by NOTIFY");
    if (listener != null) {
      listener.start();
    }
    claimLoops.forEach(Thread::start);
    var heartbeat = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    var tick = settings.watchdogInterval().toMillis();
    watchdog.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
    var sweep = settings.sweepInterval().toMillis();
    sweeps.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** Makes the claim loop look for due jobs now, without waiting for the poll interval. */
  public void wakeUp() {
    wake.raise();
  }

  /**
   * Graceful stop: no more claims, running jobs get {@code grace} to finish, then their workers are
   * interrupted, which stops their helm processes, and shutdown waits up to the kill wait for them
   * to return, renewing their leases meanwhile. Only then do their jobs go back to the queue for
   * another instance to take: another instance must never find a release pending while a helm of
   * ours still works on it. A worker still running after the kill wait keeps its job, whose lease
   * then expires (the watchdog keeps no helm process alive past it, see {@link #watch}).
   */
  public void stop(Duration grace) {
    stopping = true;
    wake.close();
    if (listener != null) {
      listener.close();
    }
    claimLoops.forEach(QueueEngine::join);
    awaitIdle(grace);
    releasing = true;
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(settings.killWait().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warnf(
            "%d worker(s) still running %s after being interrupted: their jobs are not released,"
                + " their leases expire",
            running.size(), settings.killWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
    watchdog.shutdownNow();
    sweeps.shutdownNow();
    try {
      round(claimers.getFirst(), 0);
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("could not mark finished jobs done at shutdown (%s); they are retried", e);
    }
    claimers.forEach(JobClaimer::close);
    for (ClaimedJob job; (job = toRelease.poll()) != null; ) {
      release(job);
    }
    LOG.infof("reconcile queue %s stopped", settings.owner());
  }

  private void claimLoop(JobClaimer claimer) {
    while (!stopping) {
      var reserved = freeSlots.getAndSet(0);
      try {
        var round = round(claimer, reserved);
        freeSlots.addAndGet(reserved - round.started());
        claimOutage.recovered();
        if (!mayHaveMore(round.claim(), reserved)) {
          wake.await(settings.pollInterval());
        }
      } catch (SQLException | RuntimeException e) {
        freeSlots.addAndGet(reserved);
        claimOutage.failed(e);
        if (!pause(settings.pollInterval())) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Whether to go again at once: jobs wait to be marked done (claimed up-to-date ones, or steps
   * that finished meanwhile), the claim took all it asked for (more may be due), or jobs were just
   * marked done, whose deployments' next jobs the same statement could not see yet.
   */
  private boolean mayHaveMore(JobClaimer.Round round, int asked) {
    if (!succeeded.isEmpty()) {
      return true;
    }
    if (freeSlots.get() <= 0) {
      return false;
    }
    return (asked > 0 && round.claimed().size() == asked) || !round.done().isEmpty();
  }

  /** A round's result, and how many of its claimed jobs went to workers. */
  private record RoundResult(JobClaimer.Round claim, int started) {}

  /**
   * One round trip: marks the jobs that succeeded since the last round done and claims up to {@code
   * limit} jobs. Finished jobs stay for the next round when the statement fails.
   */
  private RoundResult round(JobClaimer claimer, int limit) throws SQLException {
    var finished = new ArrayList<Finished>();
    for (Finished next; (next = succeeded.poll()) != null; ) {
      finished.add(next);
    }
    if (finished.isEmpty() && limit <= 0) {
      return new RoundResult(new JobClaimer.Round(Set.of(), List.of()), 0);
    }
    JobClaimer.Round round;
    var sentNanos = System.nanoTime();
    var allowances = ownerShares.reserve(limit);
    try {
      round =
          claimer.finishAndClaim(finished.stream().map(Finished::job).toList(), limit, allowances);
    } catch (SQLException | RuntimeException e) {
      ownerShares.abandoned(allowances);
      succeeded.addAll(finished);
      throw e;
    }
    ownerShares.claimed(
        allowances, round.claimed().stream().filter(job -> !job.upToDate()).toList());
    metrics.roundSize.record(finished.size() + round.claimed().size());
    recordDone(finished, round.done());
    return new RoundResult(round, dispatch(round.claimed(), sentNanos));
  }

  private void recordDone(List<Finished> finished, Set<Long> done) {
    if (finished.isEmpty()) {
      return;
    }
    var now = System.nanoTime();
    for (var job : finished) {
      metrics.claimToFinish.record(now - job.claimedNanos(), TimeUnit.NANOSECONDS);
    }
    metrics.succeeded.increment(done.size());
    var lost = finished.size() - done.size();
    if (lost > 0) {
      metrics.leaseLost.increment(lost);
      LOG.infof("%d finished job(s) had lost their lease; their results are discarded", lost);
    }
  }

  /** Hands the claimed jobs to workers, or straight to the done list; returns how many started. */
  private int dispatch(List<ClaimedJob> jobs, long sentNanos) {
    var claimedNanos = System.nanoTime();
    var validUntil = sentNanos + validity();
    var started = 0;
    for (var job : jobs) {
      metrics.claimed.increment();
      var waited = Duration.between(job.dueAt(), job.lockedAt());
      metrics.enqueueToStart.record(waited.isNegative() ? Duration.ZERO : waited);
      if (job.upToDate()) {
        metrics.coalesced.increment();
        succeeded.add(new Finished(job, claimedNanos));
        continue;
      }
      var run = new Running(job, claimedNanos, validUntil);
      running.put(job.epoch(), run);
      busy.incrementAndGet();
      started++;
      workers.execute(() -> work(run));
    }
    return started;
  }

  private void work(Running run) {
    run.worker = Thread.currentThread();
    try {
      step.reconcile(run.job.request(settings.owner()));
      succeeded.add(new Finished(run.job, run.claimedNanos));
    } catch (Exception e) {
      var error =
          run.timedOut ? new JobTimeoutException(run.job.timeout(settings.jobTimeout()), e) : e;
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

  private void recordFailure(Running run, Exception error) {
    var job = run.job;
    if (error instanceof LeaseLostException) {
      LOG.infof("job %d: lease lost while running, its result is discarded", job.jobId());
    } else {
      metrics.failed.increment();
    }
    try {
      var outcome = outcomes.failed(job, error);
      count(outcome);
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

  private void count(JobOutcomes.Outcome outcome) {
    switch (outcome) {
      case RETRIED -> metrics.retried.increment();
      case DEAD -> metrics.dead.increment();
      case SUPERSEDED -> metrics.superseded.increment();
      case RELEASED -> metrics.released.increment();
      case LEASE_LOST -> metrics.leaseLost.increment();
    }
  }

  /** How long after a claim or renewal was sent the lease is surely still held. */
  private long validity() {
    return settings.lease().minus(settings.leaseSafetyMargin()).toNanos();
  }

  /**
   * Renews the leases of the jobs still running (and of finished ones not yet marked done). A job
   * past the job timeout is interrupted and no longer renewed, so that it expires and is retried; a
   * job whose lease was taken over is interrupted, since its result will be discarded.
   */
  private void heartbeat() {
    try {
      var claims = new ArrayList<ClaimedJob>();
      var now = System.nanoTime();
      for (var run : running.values()) {
        if (now - run.startedNanos > run.job.timeout(settings.jobTimeout()).toNanos()) {
          if (!run.timedOut) {
            run.timedOut = true;
            LOG.warnf(
                "job %d ran longer than %s: interrupting it and letting its lease expire",
                run.job.jobId(), run.job.timeout(settings.jobTimeout()));
            interrupt(run);
          }
        } else if (!run.leaseLost) {
          claims.add(run.job);
        }
      }
      succeeded.forEach(finished -> claims.add(finished.job()));
      if (claims.isEmpty()) {
        return;
      }
      var sent = System.nanoTime();
      var held = outcomes.renew(claims);
      leaseOutage.recovered();
      for (var claim : claims) {
        var run = running.get(claim.epoch());
        if (run == null || run.leaseLost) {
          continue;
        }
        if (held.contains(claim.epoch())) {
          run.renewed(sent + validity());
        } else {
          run.leaseLost = true;
          LOG.warnf("job %d: lease taken over by another instance; interrupting", claim.jobId());
          interrupt(run);
        }
      }
    } catch (SQLException | RuntimeException e) {
      leaseOutage.failed(e);
    }
  }

  /**
   * Gives up every run whose lease this instance could not renew in time: its worker is
   * interrupted, which kills its helm process tree, before the lease can expire and another
   * instance take the job over and "recover" a release that our helm still works on. On its own
   * thread and without the database, so that neither a slow heartbeat nor an outage delays it.
   */
  private void watch() {
    var now = System.nanoTime();
    for (var run : running.values()) {
      if (!run.leaseLost && now - run.validUntilNanos > 0) {
        run.leaseLost = true;
        LOG.warnf(
            "job %d: lease not renewed in time (safety margin %s before it can expire); stopping"
                + " its worker and giving the job up",
            run.job.jobId(), settings.leaseSafetyMargin());
        interrupt(run);
      }
    }
  }

  private void sweep() {
    try {
      var takeovers = outcomes.takeOverExpired(settings.sweepBatchSize());
      for (var takeover : takeovers) {
        metrics.takeovers.increment();
        count(takeover.outcome());
        LOG.warnf(
            "job %d of deployment %d: lease of %s expired, taken over -> %s",
            takeover.jobId(),
            takeover.deploymentId(),
            takeover.previousOwner(),
            takeover.outcome());
      }
      if (!takeovers.isEmpty() && !stopping) {
        wake.raise();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debugf("lease sweep failed: %s", e);
    }
  }

  private void release(ClaimedJob job) {
    try {
      count(outcomes.release(job));
    } catch (SQLException e) {
      LOG.warnf(
          "job %d: could not release it (%s); it is retried when its lease expires",
          job.jobId(), e.getMessage());
    }
  }

  private static void interrupt(Running run) {
    var worker = run.worker;
    if (worker != null) {
      worker.interrupt();
    }
  }

  private void awaitIdle(Duration grace) {
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

  private boolean pause(Duration duration) {
    try {
      wake.await(duration);
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    var counter = new AtomicInteger();
    return runnable -> {
      var thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
