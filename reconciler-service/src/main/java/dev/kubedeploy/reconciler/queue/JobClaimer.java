package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Claims due jobs with one statement in its own short transaction: it locks up to {@code limit}
 * queued jobs that are due and whose deployment has no running job (skipping rows another instance
 * is locking), no more of one owner than the allowance {@link OwnerShares} left it, marks them
 * running under this instance's lease, and returns them together with whether their deployment is
 * already up to date. The same statement marks the jobs that succeeded since the last round done,
 * so that the hot path costs one commit per round. Not thread-safe: each claim loop has its own.
 */
public final class JobClaimer implements AutoCloseable {

  /**
   * One round trip and one commit per round: marks the jobs whose step succeeded done (only those
   * still running under our lease), takes back the error the queue showed on deployments whose
   * retry just succeeded, and claims due jobs. The three parts share one snapshot, so a job just
   * marked done still counts as running for the claim: its deployment's next job is claimed in the
   * next round. The error is taken back only from deployment rows nobody else holds: this statement
   * locks job rows first, and must never wait for a deployment row while it holds them (everyone
   * else locks the deployment first); the step's own success write clears the error anyway.
   *
   * <p>A job asks for nothing when the cluster already has the generation the job was asked for,
   * the deployment is healthy, and the job is no resync or retry. The job row is locked and
   * re-checked at its newest version, while the deployment row is read as of the statement's
   * snapshot (READ COMMITTED): a change committed in between folds a newer requested generation
   * into the job that the deployment's generation of the snapshot would not show. So the decision
   * compares the job's own requested generation (newest) with the applied generation, which never
   * moves backwards: an old snapshot of it can only make the job run, never skip a change.
   *
   * <p>Every claim takes a new epoch from a sequence; marking done matches it, so that a stale run
   * of the same job cannot finish the current one. User requests come before periodic resyncs
   * ({@code priority}), then due order. The candidates are one of {@link #IN_DUE_ORDER} and {@link
   * #WITHIN_OWNER_ALLOWANCES}.
   */
  private static final String FINISH_AND_CLAIM =
      """
      WITH done AS (
        UPDATE deployment_reconcile_job
           SET status = 'done', lease_expires_at = NULL, updated_at = now()
         WHERE id = ANY (?) AND claim_epoch = ANY (?) AND locked_by = ? AND status = 'running'
        RETURNING id, deployment_id, attempt
      ), cleared AS (
        UPDATE deployment d SET last_error = NULL
         WHERE d.id IN (SELECT l.id FROM deployment l JOIN done ON l.id = done.deployment_id
                         WHERE done.attempt > 0 AND l.last_error IS NOT NULL
                           AND l.status NOT IN ('failed', 'deleted')
                           FOR NO KEY UPDATE OF l SKIP LOCKED)
      ), claimed AS (
        UPDATE deployment_reconcile_job j
           SET status = 'running', locked_by = ?, locked_at = now(),
               claim_epoch = nextval('deployment_reconcile_job_claim_epoch_seq'),
               lease_expires_at = now() + ? * interval '1 millisecond', updated_at = now()
          FROM deployment d
         WHERE j.id = ANY (ARRAY (%s))
           AND d.id = j.deployment_id
        RETURNING j.id, j.claim_epoch, j.deployment_id, d.user_id, j.reason, j.attempt,
                  greatest(j.created_at, j.run_after) AS due_at, j.locked_at,
                  j.requested_generation IS NOT NULL
                    AND d.applied_generation >= j.requested_generation
                    AND d.status IN ('running', 'degraded', 'stopped') AND d.deleted_at IS NULL
                    AND j.reason NOT IN ('%s', '%s') AS up_to_date,
                  (SELECT coalesce(t.health_timeout_sec, 0) FROM product_template_version t
                    WHERE t.id = d.desired_template_id) AS health_timeout_sec,
                  d.deployment_uid, d.tenant_id, j.trace_parent, j.trace_state
      )
      SELECT false, id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL
        FROM done
      UNION ALL
      SELECT true, * FROM claimed
      """;

  /** Due jobs whose deployment has none running, up to the limit, in claim order. */
  private static final String IN_DUE_ORDER =
      """
      SELECT q.id FROM deployment_reconcile_job q
       WHERE q.status = 'queued' AND q.run_after <= now()
         AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job r
                          WHERE r.deployment_id = q.deployment_id
                            AND r.status = 'running')
       ORDER BY q.priority, q.run_after, q.id
       LIMIT ?
         FOR UPDATE SKIP LOCKED
      """;

  /**
   * The same, but no more jobs of one owner than its allowance (the owners named in the arrays get
   * theirs, every other owner the one given after them): each owner's due jobs are numbered in
   * claim order and only those within the allowance are candidates, so that the jobs of other
   * owners behind one owner's backlog are claimed at once. Window functions cannot take row locks,
   * so the numbering reads without them and the outer select then locks the candidates in claim
   * order, skipping those another instance is claiming and re-checking each at its newest version.
   * At most {@code candidates} are numbered through: when other instances lock more of them than
   * that, this round claims fewer, and the next round takes the rest.
   */
  private static final String WITHIN_OWNER_ALLOWANCES =
      """
      SELECT q.id FROM deployment_reconcile_job q
       WHERE q.id = ANY (ARRAY (
               SELECT e.id FROM (
                 SELECT c.id, c.priority, c.run_after, o.user_id,
                        row_number() OVER (PARTITION BY o.user_id
                                           ORDER BY c.priority, c.run_after, c.id) AS place
                   FROM deployment_reconcile_job c JOIN deployment o ON o.id = c.deployment_id
                  WHERE c.status = 'queued' AND c.run_after <= now()
                    AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job r
                                     WHERE r.deployment_id = c.deployment_id
                                       AND r.status = 'running')
               ) e
               LEFT JOIN unnest(?::bigint[], ?::int[]) AS a (user_id, allowance)
                      ON a.user_id = e.user_id
                WHERE e.place <= coalesce(a.allowance, ?)
                ORDER BY e.priority, e.run_after, e.id
                LIMIT ?))
         AND q.status = 'queued' AND q.run_after <= now()
       ORDER BY q.priority, q.run_after, q.id
       LIMIT ?
         FOR UPDATE SKIP LOCKED
      """;

  /** How many candidates per job asked for the numbering hands on to the locking select. */
  private static final int CANDIDATES_PER_JOB = 4;

  private static final String CLAIM_IN_DUE_ORDER =
      FINISH_AND_CLAIM.formatted(IN_DUE_ORDER, JobReason.RESYNC, JobReason.RETRY);

  private static final String CLAIM_WITHIN_OWNER_ALLOWANCES =
      FINISH_AND_CLAIM.formatted(WITHIN_OWNER_ALLOWANCES, JobReason.RESYNC, JobReason.RETRY);

  /** What one round wrote: the ids marked done, and the jobs claimed. */
  public record Round(Set<Long> done, List<ClaimedJob> claimed) {}

  /** The index that keeps one running job per deployment (invariant 3). */
  static final String ONE_RUNNING_INDEX = "deployment_reconcile_job_one_running";

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  /**
   * The claimer's own connection, held across rounds and set to always use the statement's generic
   * plan: planning it afresh each time (PostgreSQL's default for the first executions and whenever
   * the parameters look different) cost more than running it. Its statements are bounded by the
   * queue's timeouts. These are session settings, since a round is one autocommitted statement:
   * {@link #close} resets them before the connection goes back to the pool. Reopened after a
   * failure.
   */
  private Connection connection;

  private int previousNetworkTimeout;

  private final String owner;
  private final Duration lease;
  private final QueueTimeouts timeouts;

  public JobClaimer(DataSource dataSource, String owner, Duration lease) {
    this(dataSource, owner, lease, QueueTimeouts.DEFAULTS);
  }

  public JobClaimer(DataSource dataSource, String owner, Duration lease, QueueTimeouts timeouts) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.lease = lease;
    this.timeouts = timeouts;
  }

  /** Claims up to {@code limit} due jobs, whoever owns them. */
  public List<ClaimedJob> claim(int limit) throws SQLException {
    return finishAndClaim(List.of(), limit).claimed();
  }

  /** Claims up to {@code limit} due jobs, no more of one owner than its allowance. */
  List<ClaimedJob> claim(int limit, OwnerAllowances allowances) throws SQLException {
    return finishAndClaim(List.of(), limit, allowances).claimed();
  }

  /** Marks {@code succeeded} done and claims up to {@code limit} due jobs, whoever owns them. */
  public Round finishAndClaim(Collection<ClaimedJob> succeeded, int limit) throws SQLException {
    return finishAndClaim(succeeded, limit, OwnerAllowances.UNLIMITED);
  }

  /**
   * Marks {@code succeeded} done and claims up to {@code limit} due jobs (see the statement).
   *
   * <p>The claim's NOT EXISTS sees the running jobs committed when the statement started. A claim
   * by another instance that commits while this statement waits at the unique index on running jobs
   * makes the whole statement fail; it changed nothing, and the next try starts after that commit,
   * so it sees the other running job and skips its deployment.
   */
  Round finishAndClaim(Collection<ClaimedJob> succeeded, int limit, OwnerAllowances allowances)
      throws SQLException {
    return RaceRetry.retrying(
        "claiming jobs",
        JobClaimer::isOneRunningViolation,
        () -> roundOnce(succeeded, limit, allowances));
  }

  private Round roundOnce(Collection<ClaimedJob> succeeded, int limit, OwnerAllowances allowances)
      throws SQLException {
    var connection = connection();
    var sql = allowances.unlimited() ? CLAIM_IN_DUE_ORDER : CLAIM_WITHIN_OWNER_ALLOWANCES;
    try (var statement = connection.prepareStatement(sql)) {
      var ids = succeeded.stream().map(ClaimedJob::jobId).toArray(Long[]::new);
      var epochs = succeeded.stream().map(ClaimedJob::epoch).toArray(Long[]::new);
      statement.setArray(1, connection.createArrayOf("bigint", ids));
      statement.setArray(2, connection.createArrayOf("bigint", epochs));
      statement.setString(3, owner);
      statement.setString(4, owner);
      statement.setLong(5, lease.toMillis());
      if (allowances.unlimited()) {
        statement.setInt(6, limit);
      } else {
        var owners = allowances.perOwner().keySet().toArray(Long[]::new);
        var left = Arrays.stream(owners).map(allowances::of).toArray(Integer[]::new);
        statement.setArray(6, connection.createArrayOf("bigint", owners));
        statement.setArray(7, connection.createArrayOf("integer", left));
        statement.setInt(8, allowances.others());
        statement.setInt(9, limit * CANDIDATES_PER_JOB);
        statement.setInt(10, limit);
      }
      var done = new HashSet<Long>();
      var claimed = new ArrayList<ClaimedJob>(limit);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          if (!rows.getBoolean(1)) {
            done.add(rows.getLong(2));
            continue;
          }
          claimed.add(
              new ClaimedJob(
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5),
                  rows.getString(6),
                  rows.getInt(7),
                  rows.getTimestamp(8).toInstant(),
                  rows.getTimestamp(9).toInstant(),
                  rows.getBoolean(10),
                  Duration.ofSeconds(rows.getLong(11)),
                  rows.getString(12),
                  rows.getLong(13),
                  traceContext(rows.getString(14), rows.getString(15))));
        }
      }
      return new Round(done, claimed);
    } catch (SQLException e) {
      if (!isOneRunningViolation(e)) {
        close();
      }
      throw e;
    }
  }

  private static Map<String, String> traceContext(String traceParent, String traceState) {
    if (traceParent == null) {
      return Map.of();
    }
    return traceState == null
        ? Map.of(ReconcileJob.TRACEPARENT, traceParent)
        : Map.of(ReconcileJob.TRACEPARENT, traceParent, ReconcileJob.TRACESTATE, traceState);
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      var opened = dataSource.getConnection();
      try (var statement = opened.createStatement()) {
        previousNetworkTimeout = timeouts.bound(opened);
        statement.execute(
            "SET plan_cache_mode = force_generic_plan; SET statement_timeout = "
                + timeouts.statement().toMillis()
                + "; SET lock_timeout = "
                + timeouts.lock().toMillis());
      } catch (SQLException e) {
        opened.close();
        throw e;
      }
      connection = opened;
    }
    return connection;
  }

  /**
   * Gives the held connection back (the next round opens another), with the session settings this
   * claimer made undone: the pool hands the connection to code that expects the defaults.
   */
  @Override
  public void close() {
    if (connection != null) {
      try (var statement = connection.createStatement()) {
        statement.execute("RESET plan_cache_mode; RESET statement_timeout; RESET lock_timeout");
      } catch (SQLException e) {
        // a broken connection: the pool discards it
      }
      QueueTimeouts.restore(connection, previousNetworkTimeout);
      try {
        connection.close();
      } catch (SQLException e) {
        // a broken connection: the pool discards it
      }
      connection = null;
    }
  }

  static boolean isOneRunningViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        && e.getMessage() != null
        && e.getMessage().contains(ONE_RUNNING_INDEX);
  }
}
