package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;

/** The plain reads and writes the queue's transactions are made of. */
final class QueueStatements {

  private QueueStatements() {}

  static String queryString(Connection connection, String sql, long parameter) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setLong(1, parameter);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  static Long queryLong(Connection connection, String sql, long parameter) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      statement.setLong(1, parameter);
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : null;
      }
    }
  }

  static void update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (var statement = connection.prepareStatement(sql)) {
      for (var i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
