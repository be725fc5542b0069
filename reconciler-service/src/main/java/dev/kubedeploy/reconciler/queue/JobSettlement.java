package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.reconciler.queue.JobOutcomes.Outcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * Writes how an attempt ended, in one short transaction that locks the deployment, then the job if
 * it is still in the expected hands, and writes nothing otherwise: a worker whose lease was taken
 * over cannot overwrite the new owner's job.
 *
 * <p>A job that goes back to the queue (retry, takeover, release at shutdown) meets the rule of one
 * queued job per deployment: when a newer job is already queued for the deployment, that job will
 * apply the newest generation anyway, so the old one is finished as superseded instead.
 */
final class JobSettlement {

  private static final String LOCK_DEPLOYMENT =
      "SELECT status FROM deployment WHERE id = ? FOR NO KEY UPDATE";

  /**
   * The sweep skips a deployment someone else is writing (a long transaction of the API or a step):
   * it comes back to it next time instead of waiting behind that transaction.
   */
  private static final String LOCK_DEPLOYMENT_SKIP_LOCKED =
      "SELECT status FROM deployment WHERE id = ? FOR NO KEY UPDATE SKIP LOCKED";

  private static final String LOCK_OWNED_JOB =
      """
      SELECT attempt, takeovers, locked_by, lease_expires_at, reason FROM deployment_reconcile_job
       WHERE id = ? AND status = 'running' AND claim_epoch = ? AND locked_by = ?
         FOR UPDATE
      """;

  private static final String LOCK_EXPIRED_JOB =
      """
      SELECT attempt, takeovers, locked_by, lease_expires_at, reason FROM deployment_reconcile_job
       WHERE id = ? AND status = 'running' AND lease_expires_at < now()
         FOR UPDATE SKIP LOCKED
      """;

  private static final String QUEUED_SIBLING =
      "SELECT id FROM deployment_reconcile_job WHERE deployment_id = ? AND status = 'queued'";

  private static final String SUPERSEDE =
      """
      UPDATE deployment_reconcile_job
         SET status = 'done', attempt = ?, takeovers = ?, last_error = ?, lease_expires_at = NULL,
             updated_at = now()
       WHERE id = ?
      """;

  /** The queued job takes over the retry: it runs no later than the failed one would have. */
  private static final String HASTEN_SIBLING =
      """
      UPDATE deployment_reconcile_job
         SET run_after = least(run_after, now() + ? * interval '1 millisecond'), updated_at = now()
       WHERE id = ?
      """;

  private static final String REQUEUE =
      """
      UPDATE deployment_reconcile_job
         SET status = 'queued', attempt = ?, takeovers = ?, last_error = coalesce(?, last_error),
             run_after = now() + ? * interval '1 millisecond', max_attempts = ?,
             locked_by = NULL, locked_at = NULL, lease_expires_at = NULL, updated_at = now()
       WHERE id = ?
      """;

  private static final String BURY =
      """
      UPDATE deployment_reconcile_job
         SET status = 'dead', attempt = ?, takeovers = ?, last_error = ?, lease_expires_at = NULL,
             updated_at = now()
       WHERE id = ?
      """;

  /** The lock of a job still running under the claim (epoch, owner) it was claimed with. */
  static JobLock ownedBy(ClaimedJob job, String owner) {
    return new JobLock(LOCK_DEPLOYMENT, LOCK_OWNED_JOB, job.epoch(), owner);
  }

  /** The lock of a job whose lease expired, skipping deployments someone else is writing. */
  static final JobLock EXPIRED_LEASE = new JobLock(LOCK_DEPLOYMENT_SKIP_LOCKED, LOCK_EXPIRED_JOB);

  private final DataSource dataSource;
  private final RetryPolicy retryPolicy;
  private final RandomGenerator random;
  private final QueueTimeouts timeouts;

  JobSettlement(
      DataSource dataSource,
      RetryPolicy retryPolicy,
      RandomGenerator random,
      QueueTimeouts timeouts) {
    this.dataSource = dataSource;
    this.retryPolicy = retryPolicy;
    this.random = random;
    this.timeouts = timeouts;
  }

  /**
   * What to write for an attempt's end.
   *
   * @param error the text for {@code last_error}, or null to keep it
   * @param countsAsFailure whether the attempt counter grows
   * @param permanent whether retrying cannot help
   * @param backOff whether the job waits a backoff delay without counting a failure (takeovers)
   * @param takeover whether the job's lease expired and it is taken over (the takeover counter
   *     grows)
   */
  record Settlement(
      String error,
      boolean countsAsFailure,
      boolean permanent,
      boolean backOff,
      boolean takeover) {}

  /**
   * The statements that lock the deployment, then the job if it is still in the expected hands
   * (with the claim's epoch and owner as parameters, when given).
   */
  record JobLock(String deploymentSql, String jobSql, Long epoch, String owner) {

    JobLock(String deploymentSql, String jobSql) {
      this(deploymentSql, jobSql, null, null);
    }
  }

  /** The job's row as the lock found it. */
  record LockedJob(
      int attempt, int takeovers, String owner, Instant leaseExpiresAt, String reason) {}

  record Settled(Outcome outcome, String previousOwner) {}

  /**
   * Retries the transaction when it loses a race: a job queued for the deployment between our look
   * and our write (the unique index on queued jobs refuses the requeue; the next try sees the new
   * job and supersedes), or a deadlock with a step's own write.
   */
  Settled settle(
      long jobId, long deploymentId, JobLock lock, Function<LockedJob, Settlement> settlement)
      throws SQLException {
    return RaceRetry.retrying(
        "settling job " + jobId,
        JobSettlement::isRetryable,
        () ->
            ShortTransaction.run(
                dataSource,
                timeouts,
                connection -> settleIn(connection, jobId, deploymentId, lock, settlement)));
  }

  private Settled settleIn(
      Connection connection,
      long jobId,
      long deploymentId,
      JobLock lock,
      Function<LockedJob, Settlement> settlementOf)
      throws SQLException {
    // Lock order deployment -> job, as the API's writes do, so that the two cannot deadlock.
    var deploymentStatus =
        QueueStatements.queryString(connection, lock.deploymentSql(), deploymentId);
    if (deploymentStatus == null) {
      // locked elsewhere (the sweep skips it) or gone: nothing is written this time
      return new Settled(Outcome.LEASE_LOST, null);
    }
    LockedJob locked;
    try (var statement = connection.prepareStatement(lock.jobSql())) {
      statement.setLong(1, jobId);
      if (lock.epoch() != null) {
        statement.setLong(2, lock.epoch());
        statement.setString(3, lock.owner());
      }
      try (var rows = statement.executeQuery()) {
        if (!rows.next()) {
          return new Settled(Outcome.LEASE_LOST, null);
        }
        locked =
            new LockedJob(
                rows.getInt(1),
                rows.getInt(2),
                rows.getString(3),
                rows.getTimestamp(4).toInstant(),
                rows.getString(5));
      }
    }
    var settlement = settlementOf.apply(locked);
    var outcome = write(connection, jobId, deploymentId, deploymentStatus, locked, settlement);
    return new Settled(outcome, locked.owner());
  }

  private Outcome write(
      Connection connection,
      long jobId,
      long deploymentId,
      String deploymentStatus,
      LockedJob locked,
      Settlement settlement)
      throws SQLException {
    var failures = settlement.countsAsFailure() ? locked.attempt() + 1 : locked.attempt();
    var takeovers = settlement.takeover() ? locked.takeovers() + 1 : locked.takeovers();
    var delay =
        settlement.countsAsFailure()
            ? retryPolicy.delay(failures, random)
            : settlement.backOff() ? retryPolicy.delay(failures + 1, random) : Duration.ZERO;
    var sibling = QueueStatements.queryLong(connection, QUEUED_SIBLING, deploymentId);
    if (sibling != null) {
      var note = "superseded by queued job " + sibling;
      QueueStatements.update(
          connection,
          SUPERSEDE,
          failures,
          takeovers,
          settlement.error() == null ? note : settlement.error() + " (" + note + ")",
          jobId);
      QueueStatements.update(connection, HASTEN_SIBLING, delay.toMillis(), sibling);
      DeploymentFailure.showError(connection, deploymentId, deploymentStatus, settlement.error());
      return Outcome.SUPERSEDED;
    }
    if (settlement.countsAsFailure()
        && (settlement.permanent() || retryPolicy.exhausted(failures))) {
      QueueStatements.update(connection, BURY, failures, takeovers, settlement.error(), jobId);
      if (JobReason.RESYNC.equals(locked.reason())) {
        // Nothing was asked to change: the deployment keeps its status and shows the error, and
        // the next resync finds out whether the cluster healed.
        DeploymentFailure.showError(connection, deploymentId, deploymentStatus, settlement.error());
      } else {
        DeploymentFailure.failDeployment(
            connection,
            deploymentId,
            deploymentStatus,
            settlement.error(),
            (settlement.permanent()
                    ? "reconcile failed permanently: "
                    : "reconcile failed after " + failures + " attempts: ")
                + settlement.error());
      }
      return Outcome.DEAD;
    }
    if (settlement.takeover() && retryPolicy.tooManyTakeovers(takeovers)) {
      // Whatever the job was queued for: a reconcile that took down this many workers in a row
      // would take the next instance down too (an outage that stops renewals lets leases expire
      // as well, but seldom this many times during one job). A newer queued job starts afresh.
      var error =
          "the reconcile lost its worker "
              + takeovers
              + " times (killed, out of memory or hung while running it), so it is not claimed"
              + " again; last: "
              + settlement.error();
      QueueStatements.update(connection, BURY, failures, takeovers, error, jobId);
      DeploymentFailure.failDeployment(connection, deploymentId, deploymentStatus, error, error);
      return Outcome.DEAD;
    }
    QueueStatements.update(
        connection,
        REQUEUE,
        failures,
        takeovers,
        settlement.error(),
        delay.toMillis(),
        retryPolicy.maxAttempts(),
        jobId);
    DeploymentFailure.showError(connection, deploymentId, deploymentStatus, settlement.error());
    return settlement.countsAsFailure() || settlement.backOff()
        ? Outcome.RETRIED
        : Outcome.RELEASED;
  }

  private static boolean isRetryable(SQLException e) {
    var state = e.getSQLState();
    return "23505".equals(state) || "40P01".equals(state) || "40001".equals(state);
  }
}
