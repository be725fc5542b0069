package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Renews the leases of the jobs this instance runs, in one short transaction; a lease another
 * instance took over is not renewed.
 */
public final class LeaseRenewal {

  /** Epochs are unique to one claim of one job, so matching both arrays matches the pairs. */
  private static final String RENEW =
      """
      UPDATE deployment_reconcile_job
         SET lease_expires_at = now() + ? * interval '1 millisecond'
       WHERE id = ANY (?) AND claim_epoch = ANY (?) AND locked_by = ? AND status = 'running'
      RETURNING claim_epoch
      """;

  private final DataSource dataSource;
  private final String owner;
  private final Duration lease;
  private final QueueTimeouts timeouts;

  public LeaseRenewal(DataSource dataSource, String owner, Duration lease, QueueTimeouts timeouts) {
    this.dataSource = dataSource;
    this.owner = owner;
    this.lease = lease;
    this.timeouts = timeouts;
  }

  /**
   * Extends the leases of the given claims (jobs this instance runs); returns the epochs of the
   * claims whose lease is still held.
   */
  public Set<Long> renew(Collection<ClaimedJob> claims) throws SQLException {
    return ShortTransaction.run(
        dataSource,
        timeouts,
        connection -> {
          var held = new HashSet<Long>();
          try (var statement = connection.prepareStatement(RENEW)) {
            statement.setLong(1, lease.toMillis());
            statement.setArray(
                2,
                connection.createArrayOf(
                    "bigint", claims.stream().map(ClaimedJob::jobId).toArray()));
            statement.setArray(
                3,
                connection.createArrayOf(
                    "bigint", claims.stream().map(ClaimedJob::epoch).toArray()));
            statement.setString(4, owner);
            try (var rows = statement.executeQuery()) {
              while (rows.next()) {
                held.add(rows.getLong(1));
              }
            }
          }
          return held;
        });
  }
}
