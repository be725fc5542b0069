package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One short transaction of the queue on a pooled connection: bounded by the queue's timeouts,
 * rolled back when it fails, and the connection given back to the pool as it was handed out.
 */
final class ShortTransaction {

  /** The statements of one transaction. */
  interface Work<T> {
    T in(Connection connection) throws SQLException;
  }

  private ShortTransaction() {}

  static <T> T run(DataSource dataSource, QueueTimeouts timeouts, Work<T> work)
      throws SQLException {
    try (var connection = dataSource.getConnection()) {
      var networkTimeout = timeouts.bound(connection);
      try {
        timeouts.begin(connection);
        var result = work.in(connection);
        connection.commit();
        return result;
      } catch (SQLException e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        autoCommitQuietly(connection);
        QueueTimeouts.restore(connection, networkTimeout);
      }
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
}
