package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.model.SchemaVersion;
import dev.kubedeploy.model.deployment.DeploymentUid;
import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks a database holding legacy rows through every tagged step of the changelog, up to v3 and
 * back down to v1-baseline, checking the backfill rules and the data after each step.
 */
class MigrationHistoryTest {

  private static final Set<String> DEPLOYMENT_STATUSES =
      Set.of(
          "pending",
          "reconciling",
          "running",
          "degraded",
          "stopped",
          "failed",
          "deleting",
          "deleted");

  private TestDatabase.Coordinates database;
  private Sql sql;
  private LegacyData.Counts legacy;

  @BeforeEach
  void legacyDatabase() throws Exception {
    database = TestDatabase.createDatabase("migration");
    sql = new Sql(database);
    Migrations.updateToTag(database, "v1-baseline");
    legacy = LegacyData.insert(database);
  }

  @Test
  void tenantStepPutsEveryUserAndDeploymentInTheDefaultTenant() {
    Migrations.updateToTag(database, "v1-tenants");

    assertRowCountsUnchanged();
    assertThat(sql.count("SELECT count(*) FROM tenant WHERE tenant_key = 'default'")).isOne();
    assertThat(sql.count("SELECT count(*) FROM users WHERE tenant_id IS NULL")).isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE tenant_id IS NULL")).isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM users u JOIN tenant t ON t.id = u.tenant_id"
                    + " WHERE t.tenant_key = 'default' AND NOT u.is_admin AND u.subject = u.username"))
        .isEqualTo(legacy.users());
    assertNotNullable("users", "tenant_id");
    assertNotNullable("users", "is_admin");
    assertNotNullable("deployment", "tenant_id");
  }

  @Test
  void tenantStepScopesUserNamesToTheirTenant() {
    Migrations.updateToTag(database, "v1-tenants");
    var otherTenant =
        sql.count("INSERT INTO tenant (tenant_key, name) VALUES ('acme', 'Acme') RETURNING id");

    sql.update(
        "INSERT INTO users (tenant_id, username, email, subject) VALUES (?, 'alice', 'a@acme', 's1')",
        otherTenant);

    assertThatThrownBy(
            () ->
                sql.update(
                    "INSERT INTO users (tenant_id, username, email, subject)"
                        + " VALUES (?, 'alice', 'b@acme', 's2')",
                    otherTenant))
        .hasMessageContaining("users_tenant_username_key");
  }

  @Test
  void templateStepMakesEveryVersionAHelmChartWithDefaults() {
    Migrations.updateToTag(database, "v1-templates");

    assertRowCountsUnchanged();
    assertThat(
            sql.column("SELECT DISTINCT package_type FROM product_template_version").stream()
                .toList())
        .containsExactly("helm-chart");
    assertThat(
            sql.count(
                "SELECT count(*) FROM product_template_version WHERE health_timeout_sec = 300"
                    + " AND default_values_json = '{}' AND capabilities_json = '{}'"
                    + " AND chart_ref IS NULL AND docker_image_url IS NOT NULL"))
        .isEqualTo(legacy.templates());
    assertNotNullable("product_template_version", "package_type");
    assertThatThrownBy(
            () -> sql.update("UPDATE product_template_version SET chart_digest = 'sha256:abc'"))
        .hasMessageContaining("chart_digest_check");
  }

  @Test
  void deploymentStepGivesEveryDeploymentAValidUniqueIdentity() {
    Migrations.updateToTag(database, "v1-deployments");

    assertRowCountsUnchanged();
    var rows =
        sql.rows(
            "SELECT d.deployment_uid, d.namespace_name, d.release_name, d.template_id,"
                + " d.desired_template_id, d.status, d.generation, d.deleted_at, d.target_replicas,"
                + " p.slug, u.username"
                + " FROM deployment d JOIN product_template_version t ON t.id = d.template_id"
                + " JOIN product p ON p.id = t.product_id JOIN users u ON u.id = d.user_id");
    assertThat(rows).hasSize(legacy.deployments());
    for (var row : rows) {
      var uid = (String) row.get("deployment_uid");
      assertThat(uid).matches(DeploymentUid.DNS_LABEL).hasSizeLessThanOrEqualTo(63);
      assertThat(row.get("namespace_name")).isEqualTo(uid);
      assertThat(row.get("release_name")).isEqualTo(uid);
      assertThat(row.get("desired_template_id")).isEqualTo(row.get("template_id"));
      assertThat(row.get("generation")).isEqualTo(1L);
      assertThat(row.get("target_replicas")).isEqualTo(1);
      assertThat(row.get("status"))
          .isEqualTo(row.get("deleted_at") == null ? "pending" : "deleted");
    }
    assertThat(rows.stream().map(row -> row.get("deployment_uid")).distinct()).hasSize(rows.size());
    for (var column : List.of("deployment_uid", "namespace_name", "release_name", "status")) {
      assertNotNullable("deployment", column);
    }
  }

  @Test
  void sqlBackfillFollowsTheJavaNamingRule() {
    Migrations.updateToTag(database, "v1-deployments");

    var rows =
        sql.rows(
            "SELECT d.deployment_uid, p.slug, u.username FROM deployment d"
                + " JOIN product_template_version t ON t.id = d.template_id"
                + " JOIN product p ON p.id = t.product_id JOIN users u ON u.id = d.user_id");
    for (Map<String, Object> row : rows) {
      var prefix = DeploymentUid.prefix((String) row.get("slug"), (String) row.get("username"));
      assertThat((String) row.get("deployment_uid"))
          .matches(Pattern.quote(prefix) + "-[0-9a-z]{6}");
    }
    // the long names really were shortened, and the name without DNS-safe letters fell back
    assertThat(rows).anySatisfy(row -> assertThat((String) row.get("deployment_uid")).hasSize(52));
    assertThat(rows)
        .anySatisfy(
            row -> assertThat((String) row.get("deployment_uid")).startsWith("web-shop-u-"));
  }

  @Test
  void duplicateIdentitiesAreRejected() {
    Migrations.update(database);
    var uids = sql.column("SELECT deployment_uid FROM deployment ORDER BY id LIMIT 2");

    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment SET deployment_uid = ? WHERE deployment_uid = ?",
                    uids.get(0),
                    uids.get(1)))
        .hasMessageContaining("deployment_deployment_uid_key");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment SET namespace_name = ? WHERE deployment_uid = ?",
                    uids.get(0),
                    uids.get(1)))
        .hasMessageContaining("deployment_namespace_name_key");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment SET deployment_uid = 'Not_A_Label' WHERE deployment_uid = ?",
                    uids.get(0)))
        .hasMessageContaining("deployment_deployment_uid_check");
  }

  @Test
  void liveNamesAreUniquePerUserButDeletedOnesAreFree() {
    Migrations.update(database);
    var live =
        sql.rows(
                "SELECT user_id, template_id, tenant_id FROM deployment"
                    + " WHERE name = 'app' AND deleted_at IS NULL LIMIT 1")
            .getFirst();
    var insert =
        "INSERT INTO deployment (tenant_id, user_id, template_id, desired_template_id, name,"
            + " deployment_uid, namespace_name, release_name, deleted_at)"
            + " VALUES (?, ?, ?, ?, 'app', ?, ?, ?, %s)";

    sql.update(
        insert.formatted("now()"),
        live.get("tenant_id"),
        live.get("user_id"),
        live.get("template_id"),
        live.get("template_id"),
        "extra-deleted",
        "extra-deleted",
        "extra-deleted");
    assertThatThrownBy(
            () ->
                sql.update(
                    insert.formatted("NULL"),
                    live.get("tenant_id"),
                    live.get("user_id"),
                    live.get("template_id"),
                    live.get("template_id"),
                    "extra-live",
                    "extra-live",
                    "extra-live"))
        .hasMessageContaining("deployment_live_user_name_key");
  }

  @Test
  void headStepGivesEveryDeploymentResourcesHistoryAndLiveOnesAJob() {
    Migrations.update(database);

    assertRowCountsUnchanged();
    assertThat(sql.count("SELECT count(*) FROM deployment_resource"))
        .isEqualTo(legacy.deployments());
    assertThat(sql.count("SELECT count(*) FROM deployment_status_history"))
        .isEqualTo(legacy.deployments());
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_reconcile_job j JOIN deployment d"
                    + " ON d.id = j.deployment_id WHERE d.deleted_at IS NULL AND j.status = 'queued'"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
    assertThat(sql.column("SELECT DISTINCT status FROM deployment"))
        .allSatisfy(status -> assertThat(DEPLOYMENT_STATUSES).contains((String) status));
    assertThat(
            sql.column(
                "SELECT tag FROM databasechangelog WHERE tag IS NOT NULL ORDER BY orderexecuted"))
        .containsExactly(
            "v1-baseline",
            "v1-tenants",
            "v1-templates",
            "v1-deployments",
            "v2",
            "v3",
            "v4",
            "v5",
            "v6");
  }

  @Test
  void theChangelogEndsWithTheHeadTagTheServicesCheckFor() {
    Migrations.update(database);

    // the reconciler starts only on a database holding SchemaVersion.HEAD_TAG: it must be the
    // last changeset, or a database missing the changesets after it would pass the check
    assertThat(
            sql.column(
                "SELECT coalesce(tag, id) FROM databasechangelog"
                    + " ORDER BY orderexecuted DESC LIMIT 1"))
        .containsExactly(SchemaVersion.HEAD_TAG);
  }

  @Test
  void containmentStepMakesVersionsWithoutASchemaAdminOnlyAndTheRestRestricted() {
    Migrations.updateToTag(database, "v2");
    var withSchema =
        sql.count(
            "UPDATE product_template_version SET values_schema_json = '{\"type\": \"object\"}'"
                + " WHERE id = (SELECT min(id) FROM product_template_version) RETURNING id");

    Migrations.updateToTag(database, "v3");

    assertRowCountsUnchanged();
    assertThat(
            sql.count(
                "SELECT count(*) FROM product_template_version WHERE admin_only"
                    + " AND values_schema_json IS NULL"))
        .isEqualTo(legacy.templates() - 1);
    assertThat(
            sql.column("SELECT admin_only FROM product_template_version WHERE id = ?", withSchema))
        .containsExactly(false);
    assertThat(
            sql.count(
                "SELECT count(*) FROM product_template_version WHERE pod_security_level ="
                    + " 'restricted' AND max_load_balancers = 0 AND max_node_ports = 0"))
        .isEqualTo(legacy.templates());
    for (var column :
        List.of("pod_security_level", "max_load_balancers", "max_node_ports", "admin_only")) {
      assertNotNullable("product_template_version", column);
    }
    assertThat(sql.count("SELECT count(*) FROM users WHERE disabled")).isZero();
    assertNotNullable("users", "disabled");
  }

  @Test
  void containmentColumnsRefuseUnknownLevelsAndNegativeLimits() {
    Migrations.update(database);

    assertThatThrownBy(
            () ->
                sql.update("UPDATE product_template_version SET pod_security_level = 'privileged'"))
        .hasMessageContaining("product_template_version_pod_security_level_check");
    assertThatThrownBy(
            () -> sql.update("UPDATE product_template_version SET max_load_balancers = -1"))
        .hasMessageContaining("product_template_version_max_load_balancers_check");
    assertThatThrownBy(() -> sql.update("UPDATE product_template_version SET max_node_ports = -1"))
        .hasMessageContaining("product_template_version_max_node_ports_check");
  }

  @Test
  void rollbackToV2DropsTheContainmentColumnsAndUpgradesAgain() {
    Migrations.update(database);

    Migrations.rollbackToTag(database, "v2");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'product_template_version' AND column_name IN"
                    + " ('pod_security_level', 'max_load_balancers', 'max_node_ports', 'admin_only')"))
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'disabled'"))
        .isZero();
    assertRowCountsUnchanged();

    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM product_template_version WHERE admin_only"))
        .isEqualTo(legacy.templates());
  }

  @Test
  void chartSourceStepLeavesExistingVersionsPublicAndRollsBackToV2OnReferencedSources() {
    Migrations.update(database);
    assertThat(
            sql.count(
                "SELECT count(*) FROM product_template_version WHERE chart_source_id IS NULL"))
        .isEqualTo(legacy.templates());
    var source =
        sql.count(
            "INSERT INTO chart_source (name, auth, username, secret_ciphertext)"
                + " VALUES ('acme', 'basic', 'deploy', 'v1.0123abcd.AAAA') RETURNING id");
    sql.update(
        "UPDATE product_template_version SET chart_source_id = ?"
            + " WHERE id = (SELECT min(id) FROM product_template_version)",
        source);
    assertThatThrownBy(
            () ->
                sql.update(
                    "INSERT INTO chart_source (name, auth, secret_ciphertext)"
                        + " VALUES ('clear', 'token', 'plain-text-token')"))
        .hasMessageContaining("chart_source_secret_ciphertext_check");
    assertThatThrownBy(
            () -> sql.update("INSERT INTO chart_source (name, auth) VALUES ('half', 'basic')"))
        .hasMessageContaining("chart_source_login_check");

    Migrations.rollbackToTag(database, "v2");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'chart_source'"))
        .isZero();
    assertRowCountsUnchanged();
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM chart_source")).isZero();
    assertRowCountsUnchanged();
  }

  @Test
  void historyRowsCannotBeChanged() {
    Migrations.update(database);

    assertThatThrownBy(() -> sql.update("UPDATE deployment_status_history SET reason = 'edited'"))
        .hasMessageContaining("never updated");
  }

  @Test
  void queueAllowsOneQueuedJobPerDeployment() {
    Migrations.update(database);
    var deploymentId =
        sql.count("SELECT deployment_id FROM deployment_reconcile_job ORDER BY id LIMIT 1");

    assertThatThrownBy(
            () ->
                sql.update(
                    "INSERT INTO deployment_reconcile_job (deployment_id, reason) VALUES (?, 'again')",
                    deploymentId))
        .hasMessageContaining("deployment_reconcile_job_one_queued");
  }

  @Test
  void rollbackToBaselineKeepsLegacyDataAndUpgradesAgain() {
    var before = legacySnapshot();
    Migrations.update(database);

    Migrations.rollbackToTag(database, "v1-baseline");

    assertThat(legacySnapshot()).isEqualTo(before);
    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                    + " AND table_name IN ('tenant', 'deployment_reconcile_job', 'deployment_resource')"))
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'deployment'"
                    + " AND column_name IN ('deployment_uid', 'tenant_id', 'status')"))
        .isZero();

    Migrations.update(database);
    assertRowCountsUnchanged();
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE deployment_uid IS NULL")).isZero();
  }

  @Test
  void jobClaimStepRollsBackToV2OnExistingJobsAndUpgradesAgain() {
    Migrations.update(database);
    sql.update(
        "UPDATE deployment_reconcile_job SET status = 'running', locked_by = 'a',"
            + " lease_expires_at = now(), requested_generation = 1,"
            + " claim_epoch = nextval('deployment_reconcile_job_claim_epoch_seq')");
    var jobs = sql.count("SELECT count(*) FROM deployment_reconcile_job");

    Migrations.rollbackToTag(database, "v2");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'deployment_reconcile_job'"
                    + " AND column_name IN ('claim_epoch', 'requested_generation', 'priority')"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job")).isEqualTo(jobs);
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE priority = 0"))
        .isEqualTo(jobs);
  }

  @Test
  void takeoverStepCountsZeroOnExistingJobsAndRollsBackToV3AndUpgradesAgain() {
    Migrations.updateToTag(database, "v3");
    sql.update(
        "UPDATE deployment_reconcile_job SET status = 'running', locked_by = 'a',"
            + " lease_expires_at = now(), claim_epoch = nextval('deployment_reconcile_job_claim_epoch_seq')");
    var jobs = sql.count("SELECT count(*) FROM deployment_reconcile_job");
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE takeovers = 0"))
        .isEqualTo(jobs);
    assertNotNullable("deployment_reconcile_job", "takeovers");
    assertThatThrownBy(() -> sql.update("UPDATE deployment_reconcile_job SET takeovers = -1"))
        .hasMessageContaining("deployment_reconcile_job_takeovers_check");

    Migrations.rollbackToTag(database, "v3");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'deployment_reconcile_job' AND column_name = 'takeovers'"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE status = 'running'"))
        .isEqualTo(jobs);
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE takeovers = 0"))
        .isEqualTo(jobs);
  }

  @Test
  void theAppliedGenerationNeverMovesBackwards() {
    Migrations.update(database);
    var id = sql.count("SELECT id FROM deployment WHERE deleted_at IS NULL ORDER BY id LIMIT 1");
    sql.update("UPDATE deployment SET generation = 5, applied_generation = 5 WHERE id = ?", id);

    sql.update("UPDATE deployment SET applied_generation = 3 WHERE id = ?", id);

    assertThat(sql.count("SELECT applied_generation FROM deployment WHERE id = ?", id))
        .isEqualTo(5);
  }

  @Test
  void healthStepAcceptsDegradedAndItsRollbackTurnsDegradedRowsBackIntoRunning() {
    Migrations.update(database);
    var id = sql.count("SELECT id FROM deployment WHERE deleted_at IS NULL ORDER BY id LIMIT 1");
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE status_changed_at IS NULL"))
        .isZero();
    sql.update(
        "UPDATE deployment SET status = 'degraded', status_reason = 'CrashLoopBackOff',"
            + " status_message = 'back-off restarting failed container' WHERE id = ?",
        id);
    sql.update(
        "INSERT INTO deployment_status_history (deployment_id, old_status, new_status, reason)"
            + " VALUES (?, 'running', 'degraded', 'pods crash-looping')",
        id);
    assertThatThrownBy(
            () -> sql.update("UPDATE deployment SET status_reason = 'not a code' WHERE id = ?", id))
        .hasMessageContaining("deployment_status_reason_check");
    var history = sql.count("SELECT count(*) FROM deployment_status_history");

    Migrations.rollbackToTag(database, "v3");

    assertThat(sql.column("SELECT status FROM deployment WHERE id = ?", id))
        .containsExactly("running");
    assertThat(sql.count("SELECT count(*) FROM deployment_status_history")).isEqualTo(history);
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_status_history"
                    + " WHERE 'degraded' IN (old_status, new_status)"))
        .isZero();
    assertThat(
            sql.column(
                "SELECT reason FROM deployment_status_history WHERE deployment_id = ?"
                    + " ORDER BY id DESC LIMIT 1",
                id))
        .containsExactly("degraded (schema rolled back): pods crash-looping");
    assertThatThrownBy(
            () -> sql.update("UPDATE deployment SET status = 'degraded' WHERE id = ?", id))
        .hasMessageContaining("deployment_status_check");
    assertThatThrownBy(() -> sql.update("UPDATE deployment_status_history SET reason = 'edited'"))
        .hasMessageContaining("never updated");
    assertRowCountsUnchanged();

    Migrations.update(database);
    sql.update("UPDATE deployment SET status = 'degraded' WHERE id = ?", id);
    assertThat(sql.column("SELECT status FROM deployment WHERE id = ?", id))
        .containsExactly("degraded");
  }

  private List<Map<String, Object>> legacySnapshot() {
    return sql.rows(
        "SELECT u.username, u.email, p.slug, t.version_label, t.docker_image_url, d.name,"
            + " d.domainname, d.deleted_at, d.created_at FROM deployment d"
            + " JOIN users u ON u.id = d.user_id"
            + " JOIN product_template_version t ON t.id = d.template_id"
            + " JOIN product p ON p.id = t.product_id ORDER BY d.id");
  }

  @Test
  void secretValuesStepRollsBackToV3OnRowsWithoutSecretsAndUpgradesAgain() {
    Migrations.update(database);
    var deployments = sql.count("SELECT count(*) FROM deployment");

    Migrations.rollbackToTag(database, "v3");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'deployment'"
                    + " AND column_name IN ('secret_values', 'secret_values_key')"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment")).isEqualTo(deployments);
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE secret_values IS NULL"))
        .isEqualTo(deployments);
  }

  @Test
  void secretValuesStepRefusesToRollBackWhileADeploymentHoldsSecrets() {
    Migrations.update(database);
    var id = sql.count("SELECT id FROM deployment ORDER BY id LIMIT 1");
    sql.update(
        "UPDATE deployment SET secret_values = '\\x00', secret_values_key = 'k1' WHERE id = ?", id);

    assertThatThrownBy(() -> Migrations.rollbackToTag(database, "v3"))
        .hasStackTraceContaining("would lose them");
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE secret_values IS NOT NULL"))
        .isEqualTo(1);
  }

  @Test
  void aSecretIsStoredWithTheKeyThatSealedItOrNotAtAll() {
    Migrations.update(database);
    var id = sql.count("SELECT id FROM deployment ORDER BY id LIMIT 1");

    assertThatThrownBy(
            () -> sql.update("UPDATE deployment SET secret_values = '\\x00' WHERE id = ?", id))
        .hasMessageContaining("deployment_secret_values_sealed");
  }

  @Test
  void sealedSecretsStepTakesRingCiphertextOnChartSourcesAndRefusesToRollBackOverIt() {
    Migrations.updateToTag(database, "v4");
    insertChartSource("v4-source", "v1.0123abcd.AAAA");
    assertThatThrownBy(() -> insertChartSource("ring-source", "2026-12:AAAA"))
        .hasMessageContaining("chart_source_secret_ciphertext_check");

    Migrations.update(database);
    insertChartSource("ring-source", "2026-12:AAAA");
    assertThatThrownBy(() -> insertChartSource("bad-source", "2026-12;AAAA"))
        .hasMessageContaining("chart_source_secret_ciphertext_check");
    assertThatThrownBy(() -> Migrations.rollbackToTag(database, "v4"))
        .hasStackTraceContaining("would leave them unreadable");

    sql.update("DELETE FROM chart_source WHERE name = 'ring-source'");
    Migrations.rollbackToTag(database, "v4");
    assertThat(sql.column("SELECT name FROM chart_source")).containsExactly("v4-source");
    Migrations.update(database);
  }

  private void insertChartSource(String name, String ciphertext) {
    sql.update(
        "INSERT INTO chart_source (name, auth, username, secret_ciphertext)"
            + " VALUES (?, 'basic', 'deploy', ?)",
        name,
        ciphertext);
  }

  private void assertRowCountsUnchanged() {
    assertThat(sql.count("SELECT count(*) FROM users")).isEqualTo(legacy.users());
    assertThat(sql.count("SELECT count(*) FROM product_template_version"))
        .isEqualTo(legacy.templates());
    assertThat(sql.count("SELECT count(*) FROM deployment")).isEqualTo(legacy.deployments());
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE deleted_at IS NOT NULL"))
        .isEqualTo(legacy.deletedDeployments());
  }

  private void assertNotNullable(String table, String column) {
    assertThat(
            sql.column(
                "SELECT is_nullable FROM information_schema.columns"
                    + " WHERE table_name = ? AND column_name = ?",
                table,
                column))
        .containsExactly("NO");
  }
}
