package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.reconciler.queue.JobSettlement.Settlement;
import java.sql.SQLException;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * Writes how a claimed job this instance runs ended when it did not simply succeed (successes are
 * marked done in {@link JobClaimer}'s round): a failed attempt, or a job given back at shutdown.
 * Every write is conditional on the job still being running under the lease it was claimed with
 * (see {@link JobSettlement}).
 */
public final class JobOutcomes {

  /** How one attempt's end was recorded. */
  public enum Outcome {
    /** Back in the queue, due after a backoff delay. */
    RETRIED,
    /** Out of attempts (or a permanent error): dead, and the deployment failed. */
    DEAD,
    /** Finished because a newer job is queued for the same deployment. */
    SUPERSEDED,
    /** Back in the queue at once, with its attempts unchanged (released at shutdown). */
    RELEASED,
    /** Not written: the job is no longer running under the expected lease. */
    LEASE_LOST
  }

  private final String owner;
  private final JobSettlement settlement;

  public JobOutcomes(
      DataSource dataSource,
      String owner,
      RetryPolicy retryPolicy,
      RandomGenerator random,
      QueueTimeouts timeouts) {
    this.owner = owner;
    this.settlement = new JobSettlement(dataSource, retryPolicy, random, timeouts);
  }

  /**
   * Records a failed attempt: a permanent error or the last allowed attempt makes the job dead and
   * the deployment failed; otherwise the job is queued again after a backoff delay.
   */
  public Outcome failed(ClaimedJob job, Throwable error) throws SQLException {
    var deferred = error instanceof DeferredReconcileException;
    var attemptEnd =
        new Settlement(
            ErrorText.of(error),
            !deferred,
            error instanceof PermanentReconcileException,
            deferred,
            false);
    return settle(job, attemptEnd);
  }

  /** Gives a job this instance still runs back to the queue at once (graceful shutdown). */
  public Outcome release(ClaimedJob job) throws SQLException {
    return settle(job, new Settlement(null, false, false, false, false));
  }

  private Outcome settle(ClaimedJob job, Settlement attemptEnd) throws SQLException {
    return settlement
        .settle(
            job.jobId(),
            job.deploymentId(),
            JobSettlement.ownedBy(job, owner),
            locked -> attemptEnd)
        .outcome();
  }
}
