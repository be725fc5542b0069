package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Claims due jobs with one statement in its own short transaction: it locks up to {@code limit}
 * queued jobs that are due and whose deployment has no running job (skipping rows another instance
 * is locking), marks them running under this instance's lease, and returns them together with
 * whether their deployment is already up to date.
 */
public final class JobClaimer {

  private static final Logger LOG = Logger.getLogger(JobClaimer.class);

  /**
   * A job asks for nothing when the cluster already has the deployment's newest generation, the
   * deployment is healthy, and the job is no resync or retry. The newest desired state is read in
   * the same statement that makes the job running; a later change of the deployment queues a job of
   * its own, which cannot start before this one finishes.
   */
  private static final String CLAIM =
      """
      UPDATE deployment_reconcile_job j
         SET status = 'running', locked_by = ?, locked_at = now(),
             lease_expires_at = now() + ? * interval '1 millisecond', updated_at = now()
        FROM deployment d
       WHERE j.id = ANY (ARRAY (
               SELECT q.id FROM deployment_reconcile_job q
                WHERE q.status = 'queued' AND q.run_after <= now()
                  AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job r
                                   WHERE r.deployment_id = q.deployment_id
                                     AND r.status = 'running')
                ORDER BY q.run_after, q.id
                LIMIT ?
                  FOR UPDATE SKIP LOCKED))
         AND d.id = j.deployment_id
      RETURNING j.id, j.deployment_id, j.reason, j.attempt,
                greatest(j.created_at, j.run_after), j.locked_at,
                d.applied_generation IS NOT NULL AND d.applied_generation >= d.generation
                  AND d.status IN ('running', 'stopped') AND d.deleted_at IS NULL
                  AND j.reason NOT IN ('%s', '%s') AS up_to_date
      """
          .formatted(JobReason.RESYNC, JobReason.RETRY);

  /** The index that keeps one running job per deployment (invariant 3). */
  static final String ONE_RUNNING_INDEX = "deployment_reconcile_job_one_running";

  private static final String UNIQUE_VIOLATION = "23505";
  private static final int MAX_TRIES = 5;

  private final DataSource dataSource;
  private final String owner;
  private final Duration lease;

  public JobClaimer(DataSource dataSource, String owner, Duration lease) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.lease = lease;
  }

  /**
   * Claims up to {@code limit} due jobs.
   *
   * <p>The statement's NOT EXISTS sees the running jobs committed when it started. A claim by
   * another instance that commits while this statement waits at the unique index on running jobs
   * makes the whole statement fail; the failed statement changed nothing, and the next try starts
   * after that commit, so it sees the other running job and skips its deployment.
   */
  public List<ClaimedJob> claim(int limit) throws SQLException {
    for (var tries = 1; ; tries++) {
      try {
        return claimOnce(limit);
      } catch (SQLException e) {
        if (!isOneRunningViolation(e) || tries == MAX_TRIES) {
          throw e;
        }
        LOG.debugf("claim raced with another instance's claim (%s); trying again", e.getMessage());
      }
    }
  }

  private List<ClaimedJob> claimOnce(int limit) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = connection.prepareStatement(CLAIM)) {
      connection.setAutoCommit(true);
      statement.setString(1, owner);
      statement.setLong(2, lease.toMillis());
      statement.setInt(3, limit);
      var claimed = new ArrayList<ClaimedJob>(limit);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          claimed.add(
              new ClaimedJob(
                  rows.getLong(1),
                  rows.getLong(2),
                  rows.getString(3),
                  rows.getInt(4),
                  rows.getTimestamp(5).toInstant(),
                  rows.getTimestamp(6).toInstant(),
                  rows.getBoolean(7)));
        }
      }
      return claimed;
    }
  }

  static boolean isOneRunningViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains(ONE_RUNNING_INDEX);
  }
}
