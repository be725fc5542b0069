package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.ServicePool;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import io.agroal.api.AgroalDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database of its own for one test class, a connection pool like the service's, and the
 * minimal rows a job needs: a user, a product, a template version and deployments. Registered as an
 * extension ({@code @RegisterExtension static final QueueDatabase db = QueueDatabase.create()}), it
 * is closed after the class, and {@link #emptyingTheQueueBeforeEach} deletes every job before each
 * test.
 */
final class QueueDatabase implements AutoCloseable, AfterAllCallback, BeforeEachCallback {

  final TestDatabase.Coordinates coordinates;
  final AgroalDataSource dataSource;
  final Sql sql;
  private boolean emptyTheQueueBeforeEach;

  private QueueDatabase(TestDatabase.Coordinates coordinates) {
    this.coordinates = coordinates;
    this.dataSource = pool(coordinates, 30);
    this.sql = new Sql(coordinates);
  }

  static QueueDatabase create() {
    var coordinates = TestDatabase.createDatabase("queue");
    Migrations.update(coordinates);
    return new QueueDatabase(coordinates);
  }

  /** Deletes every job before each test, so that a test sees only the jobs it queued. */
  QueueDatabase emptyingTheQueueBeforeEach() {
    emptyTheQueueBeforeEach = true;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emptyTheQueueBeforeEach) {
      sql.update("DELETE FROM deployment_reconcile_job");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  static AgroalDataSource pool(TestDatabase.Coordinates coordinates, int size) {
    return ServicePool.open(coordinates, size, Duration.ofSeconds(10));
  }

  /** Creates {@code count} pending deployments that were never reconciled; returns their ids. */
  List<Long> deployments(int count) {
    return deployments(sql, count);
  }

  /** Creates {@code count} pending deployments in the database {@code sql} reaches. */
  static List<Long> deployments(Sql sql, int count) {
    var tag = UUID.randomUUID().toString().substring(0, 8);
    var tenant = sql.count("SELECT id FROM tenant WHERE tenant_key = 'default'");
    var user =
        sql.count(
            "INSERT INTO users (tenant_id, username, email, subject) VALUES (?, ?, ?, ?)"
                + " RETURNING id",
            tenant,
            "u" + tag,
            tag + "@example.test",
            "s" + tag);
    var product =
        sql.count("INSERT INTO product (slug, name) VALUES (?, 'Product') RETURNING id", "p" + tag);
    var template =
        sql.count(
            "INSERT INTO product_template_version (product_id, version_label, chart_ref,"
                + " chart_version) VALUES (?, '1.0.0', 'oci://charts.example.test/app', '1.0.0')"
                + " RETURNING id",
            product);
    return sql
        .column(
            """
            INSERT INTO deployment (tenant_id, user_id, template_id, desired_template_id, name,
                                    deployment_uid, namespace_name, release_name)
            SELECT ?, ?, ?, ?, 'd' || g, ? || '-' || g, ? || '-' || g, ? || '-' || g
              FROM generate_series(1, ?) g
            RETURNING id
            """,
            tenant,
            user,
            template,
            template,
            "d" + tag,
            "d" + tag,
            "d" + tag,
            count)
        .stream()
        .map(id -> ((Number) id).longValue())
        .toList();
  }

  /**
   * Queues a new job for the deployment (for its current generation) and notifies, as the API's
   * enqueue does, unless one is already queued; returns the new job's id, or -1 when one was queued
   * (the tests count jobs).
   */
  long enqueueNew(long deploymentId, String reason) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      long id = -1;
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO deployment_reconcile_job (deployment_id, reason, requested_generation)"
                  + " SELECT id, ?, generation FROM deployment WHERE id = ?"
                  + " ON CONFLICT (deployment_id) WHERE status = 'queued' DO NOTHING RETURNING id")) {
        insert.setString(1, reason);
        insert.setLong(2, deploymentId);
        try (var rows = insert.executeQuery()) {
          if (rows.next()) {
            id = rows.getLong(1);
          }
        }
      }
      try (var notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        notify.setString(1, ReconcileJob.NOTIFY_CHANNEL);
        notify.setString(2, Long.toString(deploymentId));
        notify.execute();
      }
      connection.commit();
      return id;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Queues a new job for each of the deployments that has none queued, in one transaction with one
   * notification; returns the deployments that got one.
   */
  List<Long> enqueueNew(List<Long> deploymentIds, String reason) {
    try (var connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      var queued = new ArrayList<Long>();
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO deployment_reconcile_job (deployment_id, reason, requested_generation)"
                  + " SELECT id, ?, generation FROM deployment WHERE id = ANY (?::bigint[])"
                  + " ON CONFLICT (deployment_id) WHERE status = 'queued' DO NOTHING"
                  + " RETURNING deployment_id")) {
        insert.setString(1, reason);
        insert.setArray(2, connection.createArrayOf("bigint", deploymentIds.toArray()));
        try (var rows = insert.executeQuery()) {
          while (rows.next()) {
            queued.add(rows.getLong(1));
          }
        }
      }
      try (var notify = connection.prepareStatement("SELECT pg_notify(?, 'batch')")) {
        notify.setString(1, ReconcileJob.NOTIFY_CHANNEL);
        notify.execute();
      }
      connection.commit();
      return queued;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String jobStatus(long jobId) {
    return (String)
        sql.column("SELECT status FROM deployment_reconcile_job WHERE id = ?", jobId).getFirst();
  }

  long countJobs(String status) {
    return sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE status = ?", status);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
