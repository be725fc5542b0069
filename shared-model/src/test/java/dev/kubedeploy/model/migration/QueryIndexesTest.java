package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queries that run all day use the indexes made for them, on a table large enough that a scan
 * and a sort would be the planner's other choice: the SQL below is what the services send (the list
 * endpoint's keyset page, the resync scheduler's due and orphaned deployments).
 */
class QueryIndexesTest {

  private static final int USERS = 200;
  private static final int DEPLOYMENTS_PER_USER = 100;
  private static final int JOBS_PER_DEPLOYMENT = 5;

  private static Sql sql;

  @BeforeAll
  static void manyDeployments() {
    var database = TestDatabase.createDatabase("indexes");
    Migrations.update(database);
    sql = new Sql(database);
    var tenant = sql.count("SELECT id FROM tenant WHERE tenant_key = 'default'");
    sql.update(
        "INSERT INTO users (tenant_id, username, email, subject)"
            + " SELECT ?, 'u' || g, 'u' || g || '@example.test', 's' || g"
            + " FROM generate_series(1, ?) g",
        tenant,
        USERS);
    var product = sql.count("INSERT INTO product (slug, name) VALUES ('p', 'P') RETURNING id");
    var template =
        sql.count(
            "INSERT INTO product_template_version (product_id, version_label, chart_ref,"
                + " chart_version) VALUES (?, '1.0.0', 'oci://charts.example.test/app', '1.0.0')"
                + " RETURNING id",
            product);
    // One in ten deleted, the rest spread over the live statuses, one in two hundred failed;
    // reconciled at times spread over the last ten minutes.
    sql.update(
        """
        INSERT INTO deployment (tenant_id, user_id, template_id, desired_template_id, name,
                                deployment_uid, namespace_name, release_name, status, deleted_at,
                                last_reconcile_at)
        SELECT ?, u.id, ?, ?, 'd' || g, 'd' || u.id || '-' || g, 'd' || u.id || '-' || g,
               'd' || u.id || '-' || g,
               CASE WHEN g % 200 = 7 THEN 'failed'
                    ELSE (ARRAY['running', 'running', 'running', 'stopped', 'running', 'pending',
                                'reconciling', 'running', 'running', 'deleted'])[g % 10 + 1] END,
               CASE WHEN g % 10 = 9 THEN now() END,
               now() - (g % 600) * interval '1 second'
          FROM users u CROSS JOIN generate_series(1, ?) g
        """,
        tenant, template, template, DEPLOYMENTS_PER_USER);
    sql.update(
        "INSERT INTO deployment_reconcile_job (deployment_id, reason, status)"
            + " SELECT d.id, 'resync', 'done' FROM deployment d, generate_series(1, ?)",
        JOBS_PER_DEPLOYMENT);
    sql.update("ANALYZE");
  }

  @Test
  void aUsersPageOfLiveDeploymentsReadsOnlyThatPage() {
    var userId = sql.count("SELECT min(id) FROM users WHERE username LIKE 'u%'");

    assertThat(
            plan(
                "SELECT d.id FROM deployment d JOIN users u ON u.id = d.user_id"
                    + " WHERE u.id = "
                    + userId
                    + " AND d.status <> 'deleted' ORDER BY d.id DESC LIMIT 21"))
        .contains("deployment_live_user_idx")
        .doesNotContain("Sort");
  }

  @Test
  void aPageOfARareStatusReadsOnlyThatPage() {
    assertThat(
            plan(
                "SELECT d.id FROM deployment d WHERE d.status = 'failed'"
                    + " ORDER BY d.id DESC LIMIT 21"))
        .contains("deployment_status_id_idx")
        .doesNotContain("Sort");
  }

  @Test
  void theResyncSchedulerFindsDueDeploymentsWithoutScanningTheTable() {
    assertThat(
            plan(
                """
                SELECT d.id FROM deployment d
                 WHERE d.deleted_at IS NULL AND d.status IN ('running', 'stopped', 'failed')
                   AND (d.last_reconcile_at IS NULL
                        OR d.last_reconcile_at < now() - 300000 * interval '1 millisecond')
                   AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                                    WHERE j.deployment_id = d.id
                                      AND j.status IN ('queued', 'running'))
                 ORDER BY d.last_reconcile_at NULLS FIRST, d.id
                 LIMIT 100
                """))
        .contains("deployment_resync_due_idx")
        .doesNotContain("Seq Scan");
  }

  @Test
  void aDeploymentsLatestJobIsOneIndexProbe() {
    var deploymentId = sql.count("SELECT max(id) FROM deployment");

    assertThat(
            plan(
                "SELECT j.status FROM deployment_reconcile_job j WHERE j.deployment_id = "
                    + deploymentId
                    + " ORDER BY j.id DESC LIMIT 1"))
        .contains("deployment_reconcile_job_deployment_idx")
        .doesNotContain("Seq Scan");
  }

  private static String plan(String query) {
    return sql.column("EXPLAIN " + query).stream()
        .map(String::valueOf)
        .collect(Collectors.joining("\n"));
  }
}
