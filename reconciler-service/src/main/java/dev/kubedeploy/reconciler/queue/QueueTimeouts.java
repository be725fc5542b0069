package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Bounds on every statement the queue sends, so that a long transaction elsewhere or a dead network
 * cannot stall a heartbeat, a sweep or a claim forever. The settings are transaction-local ({@code
 * SET LOCAL}) and the socket timeout is given back with the connection: nothing leaks into the pool
 * that the service's other code shares.
 *
 * @param statement the longest a statement may run on the server
 * @param lock the longest a statement may wait for a row lock
 * @param socket the longest a read from the server may block (a partitioned network)
 */
public record QueueTimeouts(Duration statement, Duration lock, Duration socket) {

  static final QueueTimeouts DEFAULTS =
      new QueueTimeouts(Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(10));

  /** pgjdbc applies the socket timeout itself; it never runs anything on the executor. */
  private static final Executor DIRECT = Runnable::run;

  /** Starts a transaction on {@code connection} bounded by these timeouts. */
  void begin(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (var statement = connection.createStatement()) {
      statement.execute(
          "SET LOCAL statement_timeout = "
              + statement().toMillis()
              + "; SET LOCAL lock_timeout = "
              + lock().toMillis());
    }
  }

  /** Bounds the connection's reads; returns the previous bound for {@link #restore}. */
  int bound(Connection connection) throws SQLException {
    var previous = connection.getNetworkTimeout();
    connection.setNetworkTimeout(DIRECT, Math.toIntExact(socket().toMillis()));
    return previous;
  }

  /** Gives the connection its previous read bound back before it returns to the pool. */
  static void restore(Connection connection, int previous) {
    try {
      if (!connection.isClosed()) {
        connection.setNetworkTimeout(DIRECT, previous);
      }
    } catch (SQLException e) {
      // a broken connection: the pool discards it
    }
  }
}
