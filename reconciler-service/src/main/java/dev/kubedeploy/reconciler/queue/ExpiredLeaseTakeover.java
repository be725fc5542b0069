package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.reconciler.queue.JobOutcomes.Outcome;
import dev.kubedeploy.reconciler.queue.JobSettlement.Settlement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/** Takes over the running jobs whose lease expired, on any instance. */
public final class ExpiredLeaseTakeover {

  /** A job whose lease expired and was taken over by this instance. */
  public record Takeover(long jobId, long deploymentId, String previousOwner, Outcome outcome) {}

  private static final String EXPIRED =
      """
      SELECT id, deployment_id FROM deployment_reconcile_job
       WHERE status = 'running' AND lease_expires_at < now()
       ORDER BY lease_expires_at
       LIMIT ?
      """;

  private final DataSource dataSource;
  private final QueueTimeouts timeouts;
  private final JobSettlement settlement;

  public ExpiredLeaseTakeover(
      DataSource dataSource,
      RetryPolicy retryPolicy,
      RandomGenerator random,
      QueueTimeouts timeouts) {
    this.dataSource = dataSource;
    this.timeouts = timeouts;
    this.settlement = new JobSettlement(dataSource, retryPolicy, random, timeouts);
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
    var candidates =
        ShortTransaction.run(
            dataSource,
            timeouts,
            connection -> {
              var expired = new ArrayList<long[]>();
              try (var statement = connection.prepareStatement(EXPIRED)) {
                statement.setInt(1, limit);
                try (var rows = statement.executeQuery()) {
                  while (rows.next()) {
                    expired.add(new long[] {rows.getLong(1), rows.getLong(2)});
                  }
                }
              }
              return expired;
            });
    var takeovers = new ArrayList<Takeover>(candidates.size());
    for (var candidate : candidates) {
      var settled =
          settlement.settle(
              candidate[0],
              candidate[1],
              JobSettlement.EXPIRED_LEASE,
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
}
