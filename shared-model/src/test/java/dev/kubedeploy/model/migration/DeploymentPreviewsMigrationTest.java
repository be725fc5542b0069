package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The previews step on a v4 database holding legacy rows: the table comes empty, guards its outcome
 * columns, and rolling back to v4 drops it with the previews it holds and keeps every deployment.
 */
class DeploymentPreviewsMigrationTest {

  private TestDatabase.Coordinates database;
  private Sql sql;
  private LegacyData.Counts legacy;

  @BeforeEach
  void v4DatabaseWithLegacyRows() throws Exception {
    database = TestDatabase.createDatabase("previews");
    sql = new Sql(database);
    Migrations.updateToTag(database, "v1-baseline");
    legacy = LegacyData.insert(database);
    Migrations.updateToTag(database, "v4");
  }

  @Test
  void previewsStartEmptyAndRefuseAnOutcomeWithoutItsResult() {
    Migrations.update(database);
    var preview = pendingPreview();

    assertThat(sql.count("SELECT count(*) FROM deployment_preview")).isEqualTo(1);
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_preview SET status = 'done', finished_at = now()"
                        + " WHERE id = ?",
                    preview))
        .hasMessageContaining("deployment_preview_outcome");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_preview SET status = 'maybe', finished_at = now() WHERE id = ?",
                    preview))
        .hasMessageContaining("deployment_preview_status_check");
    sql.update(
        "UPDATE deployment_preview SET status = 'failed', finished_at = now(), error = 'no'"
            + " WHERE id = ?",
        preview);
  }

  @Test
  void rollbackToV4DropsPreviewsAndKeepsDeployments() {
    Migrations.update(database);
    pendingPreview();

    Migrations.rollbackToTag(database, "v4");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name = 'deployment_preview'"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment")).isEqualTo(legacy.deployments());

    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_preview")).isZero();
  }

  private long pendingPreview() {
    return sql.count(
        "INSERT INTO deployment_preview (deployment_id, base_generation, template_id,"
            + " user_values_json, target_replicas, cpu_cores, memory_mb, storage_gb)"
            + " SELECT id, generation, desired_template_id, user_values_json, target_replicas,"
            + " 0.5, 512, 1 FROM deployment WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
            + " RETURNING id");
  }
}
