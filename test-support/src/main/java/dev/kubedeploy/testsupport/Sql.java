package dev.kubedeploy.testsupport;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC reads and writes for tests that check the database directly. */
public final class Sql {

  private final TestDatabase.Coordinates database;

  public Sql(TestDatabase.Coordinates database) {
    this.database = database;
  }

  /** The first column of the first row, as a long. */
  public long count(String sql, Object... parameters) {
    return ((Number) rows(sql, parameters).getFirst().values().iterator().next()).longValue();
  }

  /** The first column of every row. */
  public List<Object> column(String sql, Object... parameters) {
    return rows(sql, parameters).stream().map(row -> row.values().iterator().next()).toList();
  }

  /** Every row as column name to value, in select order. */
  public List<Map<String, Object>> rows(String sql, Object... parameters) {
    try (var connection = database.connect();
        var statement = connection.prepareStatement(sql)) {
      for (var i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (var result = statement.executeQuery()) {
        var meta = result.getMetaData();
        var rows = new ArrayList<Map<String, Object>>();
        while (result.next()) {
          var row = new LinkedHashMap<String, Object>();
          for (var c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), result.getObject(c));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs a statement; returns the number of rows it changed. */
  public int update(String sql, Object... parameters) {
    try (var connection = database.connect();
        var statement = connection.prepareStatement(sql)) {
      for (var i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
