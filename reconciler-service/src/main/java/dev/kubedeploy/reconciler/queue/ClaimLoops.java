package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.reconciler.queue.SucceededJobs.Finished;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The claim loops: each round trip marks the jobs that succeeded since the last round done and
 * claims as many due jobs as there are free workers (no more of one owner than {@link OwnerShares}
 * allows), then hands them to the workers; a loop waits for a wake-up (a notification, a finished
 * job) or the poll interval when there is nothing more to do.
 */
final class ClaimLoops {

  private static final Logger LOG = Logger.getLogger(ClaimLoops.class);

  /**
   * Rounds in flight at once: while one round waits for its commit to be flushed, the other marks
   * done and claims for the workers that came free meanwhile, and PostgreSQL flushes both commits
   * together. Each round reserves the free workers it claims for, so together they never claim more
   * than the pool can take.
   */
  private static final int CLAIM_LOOPS = 2;

  private final QueueSettings settings;
  private final QueueMetrics metrics;
  private final JobWorkers workers;
  private final SucceededJobs succeeded;
  private final OwnerShares ownerShares;
  private final WakeSignal wake;
  private final List<JobClaimer> claimers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final OutageLog claimOutage = new OutageLog("claiming jobs");

  /** When each loop last began an iteration ({@link System#nanoTime}), for the liveness check. */
  private final AtomicLongArray iterationStarted = new AtomicLongArray(CLAIM_LOOPS);

  private volatile boolean started;
  private volatile boolean stopping;

  ClaimLoops(
      DataSource dataSource,
      QueueSettings settings,
      QueueMetrics metrics,
      JobWorkers workers,
      SucceededJobs succeeded,
      OwnerShares ownerShares,
      WakeSignal wake) {
    this.settings = settings;
    this.metrics = metrics;
    this.workers = workers;
    this.succeeded = succeeded;
    this.ownerShares = ownerShares;
    this.wake = wake;
    for (var i = 0; i < CLAIM_LOOPS; i++) {
      var claimer =
          new JobClaimer(dataSource, settings.owner(), settings.lease(), settings.database());
      claimers.add(claimer);
      var loop = i;
      threads.add(
          new Thread(
              () -> claimLoop(claimer, loop),
              "reconcile-claimer-" + settings.owner() + "-" + (i + 1)));
    }
  }

  void start() {
    for (var i = 0; i < CLAIM_LOOPS; i++) {
      iterationStarted.set(i, System.nanoTime());
    }
    started = true;
    threads.forEach(Thread::start);
  }

  /** Whether the loops should run, whether they do, and how long ago each began an iteration. */
  ClaimLoopsStatus status() {
    var now = System.nanoTime();
    var loops = new ArrayList<ClaimLoopsStatus.Loop>(CLAIM_LOOPS);
    for (var i = 0; i < CLAIM_LOOPS; i++) {
      var thread = threads.get(i);
      loops.add(
          new ClaimLoopsStatus.Loop(
              thread.getName(), thread.isAlive(), Duration.ofNanos(now - iterationStarted.get(i))));
    }
    return new ClaimLoopsStatus(started && !stopping, loops);
  }

  /** No more claims: the loops end their round in flight and return. */
  void stop() {
    stopping = true;
    wake.close();
  }

  /** Waits for the loops to return after {@link #stop}. */
  void join() {
    threads.forEach(QueueThreads::join);
  }

  /**
   * Marks the jobs that succeeded done, one last time, and gives the claimers' connections back.
   */
  void finishLast() {
    try {
      round(claimers.getFirst(), 0);
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("could not mark finished jobs done at shutdown (%s); they are retried", e);
    }
    claimers.forEach(JobClaimer::close);
  }

  private void claimLoop(JobClaimer claimer, int loop) {
    while (!stopping) {
      iterationStarted.set(loop, System.nanoTime());
      var reserved = workers.reserveFree();
      try {
        var round = round(claimer, reserved);
        workers.giveBack(reserved - round.started());
        claimOutage.recovered();
        if (!mayHaveMore(round.claim(), reserved)) {
          wake.await(settings.pollInterval());
        }
      } catch (SQLException | RuntimeException e) {
        workers.giveBack(reserved);
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
    if (!workers.anyFree()) {
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
    var finished = succeeded.takeAll();
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
      succeeded.putBack(finished);
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
    var validUntil = sentNanos + settings.leaseValidityNanos();
    var started = 0;
    for (var job : jobs) {
      metrics.claimed.increment();
      var waited = Duration.between(job.dueAt(), job.lockedAt());
      metrics.enqueueToStart.record(waited.isNegative() ? Duration.ZERO : waited);
      if (job.upToDate()) {
        metrics.coalesced.increment();
        succeeded.add(job, claimedNanos);
        continue;
      }
      workers.run(job, claimedNanos, validUntil);
      started++;
    }
    return started;
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
}
