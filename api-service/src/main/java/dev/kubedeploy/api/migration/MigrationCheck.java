package dev.kubedeploy.api.migration;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.model.job.JobStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an operator checks around a schema migration: row counts per table, references whose row is
 * gone, status values, and the uniqueness the schema relies on. It reads whatever schema version
 * the database is at: {@code pre} runs on the old schema before the migration, {@code post} on the
 * new one after it, where every status value must also be one this version of the code knows (a
 * database migrated by a newer version than the one running would hold values it cannot read).
 */
public final class MigrationCheck {

  /** Before or after the migration. */
  public enum Phase {
    PRE,
    POST
  }

  /** The lines to print, and those of them that are violations. */
  public record Report(List<String> lines, List<String> violations) {
    public boolean passed() {
      return violations.isEmpty();
    }
  }

  private static final Map<String, Set<String>> KNOWN_STATUSES =
      Map.of(
          "deployment.status", values(DeploymentStatus.values()),
          "deployment_status_history.new_status", values(DeploymentStatus.values()),
          "deployment_replica.status", values(ReplicaStatus.values()),
          "deployment_reconcile_job.status", values(JobStatus.values()));

  /** Live rows that must be unique, as the migration's unique indexes require. */
  private static final Map<String, String> LIVE_DUPLICATES =
      Map.of(
          "live deployments sharing a name per user",
          """
          SELECT count(*) FROM (SELECT 1 FROM deployment WHERE deleted_at IS NULL
                                 GROUP BY user_id, name HAVING count(*) > 1) d
          """,
          "live deployments sharing a domain name",
          """
          SELECT count(*) FROM (SELECT 1 FROM deployment
                                 WHERE deleted_at IS NULL AND domainname IS NOT NULL
                                 GROUP BY lower(domainname) HAVING count(*) > 1) d
          """);

  private final Connection connection;
  private final Phase phase;
  private final List<String> lines = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  private MigrationCheck(Connection connection, Phase phase) {
    this.connection = connection;
    this.phase = phase;
  }

  /** Runs every check on the database {@code connection} reaches; changes nothing. */
  public static Report run(Connection connection, Phase phase) throws SQLException {
    var check = new MigrationCheck(connection, phase);
    check.rowCounts();
    check.orphanReferences();
    check.statusValues();
    check.liveDuplicates();
    if (phase == Phase.POST) {
      check.liveDeploymentsWithoutResources();
    }
    return new Report(List.copyOf(check.lines), List.copyOf(check.violations));
  }

  private void rowCounts() throws SQLException {
    for (var table :
        strings(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'databasechangelog%'"
                + " ORDER BY table_name")) {
      lines.add("rows " + table + ": " + count("SELECT count(*) FROM " + quoted(table)));
    }
  }

  /**
   * Every single-column foreign key declared in the schema, checked row by row: a constraint that
   * was created NOT VALID, or whose trigger was disabled during a manual fix, does not prove it.
   */
  private void orphanReferences() throws SQLException {
    var references =
        rows(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
               AND c.connamespace = current_schema()::regnamespace
             ORDER BY 1, 2
            """);
    for (var reference : references) {
      var orphans =
          count(
              "SELECT count(*) FROM %s c WHERE c.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s p WHERE p.%s = c.%s)"
                  .formatted(
                      reference[0],
                      quoted(reference[1]),
                      reference[2],
                      quoted(reference[3]),
                      quoted(reference[1])));
      report(
          orphans,
          "orphan references %s.%s -> %s: %d"
              .formatted(reference[0], reference[1], reference[2], orphans));
    }
  }

  private void statusValues() throws SQLException {
    for (var column : KNOWN_STATUSES.keySet().stream().sorted().toList()) {
      var table = column.substring(0, column.indexOf('.'));
      var name = column.substring(column.indexOf('.') + 1);
      if (!columnExists(table, name)) {
        continue;
      }
      var counted =
          rows(
              "SELECT %s, count(*) FROM %s GROUP BY 1 ORDER BY 1"
                  .formatted(quoted(name), quoted(table)));
      lines.add(
          "statuses "
              + column
              + ": "
              + counted.stream()
                  .map(row -> row[0] + "=" + row[1])
                  .collect(Collectors.joining(" ")));
      if (phase == Phase.POST) {
        for (var row : counted) {
          if (!KNOWN_STATUSES.get(column).contains(row[0])) {
            report(1, "unknown status in " + column + ": '" + row[0] + "' (" + row[1] + " rows)");
          }
        }
      }
    }
  }

  private void liveDuplicates() throws SQLException {
    if (!columnExists("deployment", "deleted_at")) {
      return;
    }
    for (var check :
        LIVE_DUPLICATES.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      var groups = count(check.getValue());
      report(groups, check.getKey() + ": " + groups);
    }
  }

  private void liveDeploymentsWithoutResources() throws SQLException {
    var missing =
        count(
            "SELECT count(*) FROM deployment d WHERE d.deleted_at IS NULL AND NOT EXISTS"
                + " (SELECT 1 FROM deployment_resource r WHERE r.deployment_id = d.id)");
    report(missing, "live deployments without a resources row: " + missing);
  }

  private void report(long offending, String line) {
    if (offending > 0) {
      violations.add(line);
      lines.add("VIOLATION " + line);
    } else {
      lines.add(line);
    }
  }

  private boolean columnExists(String table, String column) throws SQLException {
    try (var statement =
        connection.prepareStatement(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = ? AND column_name = ?")) {
      statement.setString(1, table);
      statement.setString(2, column);
      try (var result = statement.executeQuery()) {
        result.next();
        return result.getLong(1) > 0;
      }
    }
  }

  private long count(String sql) throws SQLException {
    return Long.parseLong(rows(sql).getFirst()[0]);
  }

  private List<String> strings(String sql) throws SQLException {
    return rows(sql).stream().map(row -> row[0]).toList();
  }

  private List<String[]> rows(String sql) throws SQLException {
    try (var statement = connection.createStatement();
        var result = statement.executeQuery(sql)) {
      var columns = result.getMetaData().getColumnCount();
      var rows = new ArrayList<String[]>();
      while (result.next()) {
        var row = new String[columns];
        for (var c = 0; c < columns; c++) {
          row[c] = result.getString(c + 1);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** Quotes an identifier read from the catalog, so that no name can break the statement. */
  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static Set<String> values(PersistentEnum[] constants) {
    return Arrays.stream(constants).map(PersistentEnum::value).collect(Collectors.toSet());
  }
}
