package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Deletes finished jobs past their retention, in batches, so that the queue table and its indexes
 * stay small (dead tuples are what slows SKIP LOCKED queues down).
 */
public final class JobPruner {

  private static final String PRUNE =
      """
      DELETE FROM deployment_reconcile_job
       WHERE id = ANY (ARRAY (
               SELECT id FROM deployment_reconcile_job
                WHERE status IN ('done', 'dead')
                  AND updated_at < now() - ? * interval '1 millisecond'
                ORDER BY updated_at
                LIMIT ?))
      """;

  /** One run stops after this many batches; the next run goes on. */
  private static final int MAX_BATCHES_PER_RUN = 100;

  private final DataSource dataSource;

  public JobPruner(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Deletes done and dead jobs older than {@code retention}; returns how many. */
  public int prune(Duration retention, int batchSize) throws SQLException {
    var total = 0;
    try (var connection = dataSource.getConnection();
        var statement = connection.prepareStatement(PRUNE)) {
      for (var batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        statement.setLong(1, retention.toMillis());
        statement.setInt(2, batchSize);
        var deleted = statement.executeUpdate();
        total += deleted;
        if (deleted < batchSize) {
          break;
        }
      }
    }
    return total;
  }
}
