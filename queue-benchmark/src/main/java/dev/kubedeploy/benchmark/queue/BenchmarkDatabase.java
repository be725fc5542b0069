package dev.kubedeploy.benchmark.queue;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.ServicePool;
import dev.kubedeploy.testsupport.TestDatabase;
import io.agroal.api.AgroalDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The benchmark's database: created on the given server if missing, migrated with the project's
 * changelog, seeded with enough deployments that every job has one of its own (one queued job per
 * deployment), and reached through an Agroal pool like the service's.
 */
final class BenchmarkDatabase implements AutoCloseable {

  final TestDatabase.Coordinates coordinates;
  final AgroalDataSource dataSource;

  private BenchmarkDatabase(TestDatabase.Coordinates coordinates, int poolSize)
      throws SQLException {
    this.coordinates = coordinates;
    this.dataSource = ServicePool.open(coordinates, poolSize, Duration.ofSeconds(30));
  }

  /** The database {@code name} on the server at {@code serverUrl} (ending in '/'), or embedded. */
  static BenchmarkDatabase open(String serverUrl, String user, String name, int poolSize)
      throws SQLException {
    TestDatabase.Coordinates coordinates;
    if (serverUrl == null) {
      coordinates = TestDatabase.createDatabase(name);
    } else {
      try (var connection = DriverManager.getConnection(serverUrl + "postgres", user, "");
          var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        if (!exists.executeQuery().next()) {
          try (var create = connection.createStatement()) {
            create.execute("CREATE DATABASE " + name);
          }
        }
      }
      coordinates = new TestDatabase.Coordinates(serverUrl + name, user, "");
    }
    Migrations.update(coordinates);
    return new BenchmarkDatabase(coordinates, poolSize);
  }

  /** Makes sure at least {@code count} deployments exist. */
  void seedDeployments(int count) throws SQLException {
    var existing = queryLong("SELECT count(*) FROM deployment");
    if (existing >= count) {
      return;
    }
    execute(
        """
        INSERT INTO users (tenant_id, username, email, subject)
        SELECT id, 'bench', 'bench@example.test', 'bench' FROM tenant WHERE tenant_key = 'default'
        ON CONFLICT DO NOTHING
        """);
    execute(
        "INSERT INTO product (slug, name) VALUES ('bench', 'Benchmark') ON CONFLICT DO NOTHING");
    execute(
        """
        INSERT INTO product_template_version (product_id, version_label, chart_ref, chart_version)
        SELECT id, '1.0.0', 'oci://charts.example.test/app', '1.0.0' FROM product
         WHERE slug = 'bench'
        ON CONFLICT DO NOTHING
        """);
    execute(
        """
        INSERT INTO deployment (tenant_id, user_id, template_id, desired_template_id, name,
                                deployment_uid, namespace_name, release_name)
        SELECT u.tenant_id, u.id, t.id, t.id, 'b' || g, 'bench-' || g, 'bench-' || g, 'bench-' || g
          FROM users u, product_template_version t, product p,
               generate_series(%d, %d) g
         WHERE u.subject = 'bench' AND p.slug = 'bench' AND t.product_id = p.id
        """
            .formatted(existing + 1, count));
    execute("VACUUM ANALYZE deployment");
  }

  /** An empty queue table, its dead tuples gone, so that every run starts alike. */
  void emptyQueue() throws SQLException {
    execute("TRUNCATE deployment_reconcile_job");
    execute("VACUUM ANALYZE deployment_reconcile_job");
  }

  /** Queues one job for each of the first {@code count} deployments, due now. */
  void queueJobs(int count) throws SQLException {
    execute(
        "INSERT INTO deployment_reconcile_job (deployment_id, reason)"
            + " SELECT id, 'bench' FROM deployment ORDER BY id LIMIT "
            + count);
    execute("ANALYZE deployment_reconcile_job");
  }

  long queryLong(String sql) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  String queryString(String sql) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
