package dev.kubedeploy.reconciler;

import dev.kubedeploy.model.SchemaVersion;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start the reconciler on a database whose schema is behind the model it was built with:
 * the api-service's migration (or CI's) must run first. The database must hold the schema's head
 * tag ({@link SchemaVersion}): one query, where listing the changesets not run with Liquibase was a
 * quarter of the reconciler's start (docs/benchmarks.md). A newer schema (the api-service migrated
 * ahead of a rolling update) holds the tag too.
 */
@Startup
@ApplicationScoped
public class SchemaVersionCheck {

  SchemaVersionCheck(AgroalDataSource dataSource) throws SQLException {
    var tags = tags(dataSource);
    if (!tags.contains(SchemaVersion.HEAD_TAG)) {
      throw new IllegalStateException(
          "database schema is behind: it lacks tag "
              + SchemaVersion.HEAD_TAG
              + " (newest: "
              + (tags.isEmpty() ? "no migration ran" : tags.getLast())
              + "); run the migrations first (docs/operations.md)");
    }
  }

  /** The tags the migrations set, oldest first; none when no migration ever ran. */
  private static List<String> tags(AgroalDataSource dataSource) throws SQLException {
    try (var connection = dataSource.getConnection();
        var query =
            connection.prepareStatement(
                "SELECT tag FROM databasechangelog WHERE tag IS NOT NULL ORDER BY orderexecuted");
        var rows = query.executeQuery()) {
      var tags = new ArrayList<String>();
      while (rows.next()) {
        tags.add(rows.getString(1));
      }
      return tags;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return List.of(); // undefined_table: no databasechangelog yet
      }
      throw e;
    }
  }
}
