package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Writes how a claimed job ended when it did not simply succeed (successes are marked done in
 * {@link JobClaimer}'s round), and renews leases; each write in one short transaction. Every write
 * is conditional on the job still being running under the lease it was claimed with, so that a
 * worker whose lease was taken over cannot overwrite the new owner's job.
 *
 * <p>A job that goes back to the queue (retry, takeover, release at shutdown) meets the rule of one
 * queued job per deployment: when a newer job is already queued for the deployment, that job will
 * apply the newest generation anyway, so the old one is finished as superseded instead.
 */
public final class JobOutcomes {

  private static final Logger LOG = Logger.getLogger(JobOutcomes.class);

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

  /** A job whose lease expired and was taken over by this instance. */
  public record Takeover(long jobId, long deploymentId, String previousOwner, Outcome outcome) {}

  /** Epochs are unique to one claim of one job, so matching both arrays matches the pairs. */
  private static final String RENEW =
      """
      UPDATE deployment_reconcile_job
         SET lease_expires_at = now() + ? * interval '1 millisecond'
       WHERE id = ANY (?) AND claim_epoch = ANY (?) AND locked_by = ? AND status = 'running'
      RETURNING claim_epoch
      """;

  private static final String EXPIRED =
      """
      SELECT id, deployment_id FROM deployment_reconcile_job
       WHERE status = 'running' AND lease_expires_at < now()
       ORDER BY lease_expires_at
       LIMIT ?
      """;

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

  private static final String SHOW_ERROR = "UPDATE deployment SET last_error = ? WHERE id = ?";

  /** The reason and message stay those of the first failure until the status changes again. */
  private static final String FAIL_DEPLOYMENT =
      """
      UPDATE deployment
         SET last_error = ?,
             status_reason = CASE WHEN status = 'failed' THEN status_reason ELSE ? END,
             status_message = CASE WHEN status = 'failed' THEN status_message ELSE ? END,
             status_changed_at = CASE WHEN status = 'failed' THEN status_changed_at ELSE now() END,
             observed_generation = generation, status = 'failed', updated_at = now()
       WHERE id = ?
      """;

  private static final String RECORD_FAILED =
      """
      INSERT INTO deployment_status_history (deployment_id, old_status, new_status, changed_by, reason)
      VALUES (?, ?, 'failed', NULL, ?)
      """;

  /** The generation the deployment wants failed; one that was applied before stays applied. */
  private static final String RECORD_REVISION_FAILED =
      """
      UPDATE deployment_revision r SET outcome = 'failed', outcome_at = now()
        FROM deployment d
       WHERE d.id = ? AND r.deployment_id = d.id AND r.generation = d.generation
         AND r.outcome = 'pending'
      """;

  private static final int MAX_TRIES = 5;

  private final DataSource dataSource;
  private final String owner;
  private final Duration lease;
  private final RetryPolicy retryPolicy;
  private final RandomGenerator random;
  private final QueueTimeouts timeouts;

  public JobOutcomes(
      DataSource dataSource,
      String owner,
      Duration lease,
      RetryPolicy retryPolicy,
      RandomGenerator random) {
    this(dataSource, owner, lease, retryPolicy, random, QueueTimeouts.DEFAULTS);
  }

  public JobOutcomes(
      DataSource dataSource,
      String owner,
      Duration lease,
      RetryPolicy retryPolicy,
      RandomGenerator random,
      QueueTimeouts timeouts) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.lease = lease;
    this.retryPolicy = retryPolicy;
    this.random = random;
    this.timeouts = timeouts;
  }

  /**
   * Extends the leases of the given claims (jobs this instance runs); returns the epochs of the
   * claims whose lease is still held.
   */
  public Set<Long> renew(Collection<ClaimedJob> claims) throws SQLException {
    var held = new HashSet<Long>();
    try (var connection = dataSource.getConnection()) {
      var networkTimeout = timeouts.bound(connection);
      try (var statement = connection.prepareStatement(RENEW)) {
        timeouts.begin(connection);
        statement.setLong(1, lease.toMillis());
        statement.setArray(
            2,
            connection.createArrayOf("bigint", claims.stream().map(ClaimedJob::jobId).toArray()));
        statement.setArray(
            3,
            connection.createArrayOf("bigint", claims.stream().map(ClaimedJob::epoch).toArray()));
        statement.setString(4, owner);
        try (var rows = statement.executeQuery()) {
          while (rows.next()) {
            held.add(rows.getLong(1));
          }
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        autoCommitQuietly(connection);
        QueueTimeouts.restore(connection, networkTimeout);
      }
    }
    return held;
  }

  /**
   * Records a failed attempt: a permanent error or the last allowed attempt makes the job dead and
   * the deployment failed; otherwise the job is queued again after a backoff delay.
   */
  public Outcome failed(ClaimedJob job, Throwable error) throws SQLException {
    var deferred = error instanceof DeferredReconcileException;
    var settlement =
        new Settlement(
            ErrorText.of(error),
            !deferred,
            error instanceof PermanentReconcileException,
            deferred,
            false);
    return settle(job.jobId(), job.deploymentId(), ownedBy(job), locked -> settlement).outcome();
  }

  /** Gives a job this instance still runs back to the queue at once (graceful shutdown). */
  public Outcome release(ClaimedJob job) throws SQLException {
    var settlement = new Settlement(null, false, false, false, false);
    return settle(job.jobId(), job.deploymentId(), ownedBy(job), locked -> settlement).outcome();
  }

  /**
   * Takes over up to {@code limit} running jobs whose lease expired (their worker died, hung or
   * gave the job up when it could not renew): each goes back to the queue after a backoff delay, or
   * is superseded, but does not count as a failed attempt, since the step did not fail: a database
   * outage that stops every renewal must not use up the attempts of every job. Takeovers have a
   * budget of their own instead: a job taken over for the last allowed time is dead and its
   * deployment failed, so that a reconcile that kills its worker every time (out of memory, a
   * crash) is not claimed again by one instance after another. Jobs whose deployment row is locked
   * by a transaction elsewhere are left for the next sweep.
   */
  public List<Takeover> takeOverExpired(int limit) throws SQLException {
    var candidates = new ArrayList<long[]>();
    try (var connection = dataSource.getConnection()) {
      var networkTimeout = timeouts.bound(connection);
      try (var statement = connection.prepareStatement(EXPIRED)) {
        timeouts.begin(connection);
        statement.setInt(1, limit);
        try (var rows = statement.executeQuery()) {
          while (rows.next()) {
            candidates.add(new long[] {rows.getLong(1), rows.getLong(2)});
          }
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        autoCommitQuietly(connection);
        QueueTimeouts.restore(connection, networkTimeout);
      }
    }
    var takeovers = new ArrayList<Takeover>(candidates.size());
    for (var candidate : candidates) {
      var settled =
          settle(
              candidate[0],
              candidate[1],
              new JobLock(LOCK_DEPLOYMENT_SKIP_LOCKED, LOCK_EXPIRED_JOB),
              locked ->
                  new Settlement(
                      "LeaseExpired: the lease of "
                          + locked.owner()
                          + " expired at "
                          + locked.leaseExpiresAt()
                          + " (its worker died, hung or lost the database)",
                      false,
                      false,
                      true,
                      true));
      if (settled.outcome() != Outcome.LEASE_LOST) {
        takeovers.add(
            new Takeover(candidate[0], candidate[1], settled.previousOwner(), settled.outcome()));
      }
    }
    return takeovers;
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
  private record Settlement(
      String error,
      boolean countsAsFailure,
      boolean permanent,
      boolean backOff,
      boolean takeover) {}

  /**
   * The statements that lock the deployment, then the job if it is still in the expected hands
   * (with the claim's epoch and owner as parameters, when given).
   */
  private record JobLock(String deploymentSql, String jobSql, Long epoch, String owner) {

    JobLock(String deploymentSql, String jobSql) {
      this(deploymentSql, jobSql, null, null);
    }
  }

  /** The job's row as the lock found it. */
  private record LockedJob(
      int attempt, int takeovers, String owner, Instant leaseExpiresAt, String reason) {}

  private record Settled(Outcome outcome, String previousOwner) {}

  private JobLock ownedBy(ClaimedJob job) {
    return new JobLock(LOCK_DEPLOYMENT, LOCK_OWNED_JOB, job.epoch(), owner);
  }

  /**
   * Retries the transaction when it loses a race: a job queued for the deployment between our look
   * and our write (the unique index on queued jobs refuses the requeue; the next try sees the new
   * job and supersedes), or a deadlock with a step's own write.
   */
  private Settled settle(
      long jobId, long deploymentId, JobLock lock, Function<LockedJob, Settlement> settlement)
      throws SQLException {
    for (var tries = 1; ; tries++) {
      try (var connection = dataSource.getConnection()) {
        var networkTimeout = timeouts.bound(connection);
        try {
          timeouts.begin(connection);
          var settled = settleIn(connection, jobId, deploymentId, lock, settlement);
          connection.commit();
          return settled;
        } catch (SQLException e) {
          rollbackQuietly(connection);
          if (!isRetryable(e) || tries == MAX_TRIES) {
            throw e;
          }
          LOG.debugf("settling job %d raced (%s); trying again", jobId, e.getMessage());
        } finally {
          autoCommitQuietly(connection);
          QueueTimeouts.restore(connection, networkTimeout);
        }
      }
    }
  }

  private Settled settleIn(
      Connection connection,
      long jobId,
      long deploymentId,
      JobLock lock,
      Function<LockedJob, Settlement> settlementOf)
      throws SQLException {
    // Lock order deployment -> job, as the API's writes do, so that the two cannot deadlock.
    var deploymentStatus = queryString(connection, lock.deploymentSql(), deploymentId);
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
    var sibling = queryLong(connection, QUEUED_SIBLING, deploymentId);
    if (sibling != null) {
      var note = "superseded by queued job " + sibling;
      update(
          connection,
          SUPERSEDE,
          failures,
          takeovers,
          settlement.error() == null ? note : settlement.error() + " (" + note + ")",
          jobId);
      update(connection, HASTEN_SIBLING, delay.toMillis(), sibling);
      showError(connection, deploymentId, deploymentStatus, settlement.error());
      return Outcome.SUPERSEDED;
    }
    if (settlement.countsAsFailure()
        && (settlement.permanent() || retryPolicy.exhausted(failures))) {
      update(connection, BURY, failures, takeovers, settlement.error(), jobId);
      if (JobReason.RESYNC.equals(locked.reason())) {
        // Nothing was asked to change: the deployment keeps its status and shows the error, and
        // the next resync finds out whether the cluster healed.
        showError(connection, deploymentId, deploymentStatus, settlement.error());
      } else {
        failDeployment(
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
      update(connection, BURY, failures, takeovers, error, jobId);
      failDeployment(connection, deploymentId, deploymentStatus, error, error);
      return Outcome.DEAD;
    }
    update(
        connection,
        REQUEUE,
        failures,
        takeovers,
        settlement.error(),
        delay.toMillis(),
        retryPolicy.maxAttempts(),
        jobId);
    showError(connection, deploymentId, deploymentStatus, settlement.error());
    return settlement.countsAsFailure() || settlement.backOff()
        ? Outcome.RETRIED
        : Outcome.RELEASED;
  }

  /** While a job retries, users see why on the deployment. */
  private static void showError(
      Connection connection, long deploymentId, String deploymentStatus, String error)
      throws SQLException {
    if (error != null && !"deleted".equals(deploymentStatus)) {
      update(connection, SHOW_ERROR, error, deploymentId);
    }
  }

  /** Fails the deployment with {@code error}; its status history says {@code reason}. */
  private static void failDeployment(
      Connection connection,
      long deploymentId,
      String deploymentStatus,
      String error,
      String reason)
      throws SQLException {
    if ("deleted".equals(deploymentStatus)) {
      return;
    }
    if ("deleting".equals(deploymentStatus)) {
      // The delete stays asked for: 'failed' would let a retry reinstall the release. The error
      // shows, and a reconcile request (POST .../reconcile) resumes the delete.
      update(connection, SHOW_ERROR, error, deploymentId);
      return;
    }
    update(connection, FAIL_DEPLOYMENT, error, FailureReason.of(error), error, deploymentId);
    update(connection, RECORD_REVISION_FAILED, deploymentId);
    if (!"failed".equals(deploymentStatus)) {
      update(connection, RECORD_FAILED, deploymentId, deploymentStatus, reason);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // a broken connection: the pool discards it, and the server rolls back
    }
  }

  private static void autoCommitQuietly(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      // a broken connection: the pool discards it
    }
  }

  private static boolean isRetryable(SQLException e) {
    var state = e.getSQLState();
    return "23505".equals(state) || "40P01".equals(state) || "40001".equals(state);
  }

  private static String queryString(Connection connection, String sql, long parameter)
      throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setLong(1, parameter);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static Long queryLong(Connection connection, String sql, long parameter)
      throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setLong(1, parameter);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : null;
      }
    }
  }

  private static void update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      for (var i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
