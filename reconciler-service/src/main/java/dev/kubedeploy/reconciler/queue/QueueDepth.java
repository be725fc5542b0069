package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Counts the jobs in the table by status, for the depth gauge. */
public final class QueueDepth {

  private final DataSource dataSource;

  public QueueDepth(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Map<String, Long> countByStatus() throws SQLException {
    var counts = new HashMap<String, Long>();
    try (var connection = dataSource.getConnection();
        var statement =
            connection.prepareStatement(
                "SELECT status, count(*) FROM deployment_reconcile_job GROUP BY status");
        var rows = statement.executeQuery()) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }
}
