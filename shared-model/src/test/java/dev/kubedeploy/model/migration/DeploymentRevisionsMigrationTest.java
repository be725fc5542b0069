package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The revisions step on a v3 database holding legacy rows: every live deployment gets its current
 * desired state as a revision, and rolling back to v3 removes the step and keeps the rows.
 */
class DeploymentRevisionsMigrationTest {

  private TestDatabase.Coordinates database;
  private Sql sql;
  private LegacyData.Counts legacy;

  @BeforeEach
  void v3DatabaseWithLegacyRows() throws Exception {
    database = TestDatabase.createDatabase("revisions");
    sql = new Sql(database);
    Migrations.updateToTag(database, "v1-baseline");
    legacy = LegacyData.insert(database);
    Migrations.updateToTag(database, "v3");
  }

  @Test
  void everyLiveDeploymentGetsItsCurrentStateAsAnImportedRevision() {
    var applied = liveDeploymentId();
    sql.update(
        "UPDATE deployment SET generation = 4, applied_generation = 4, applied_template_id ="
            + " desired_template_id, last_reconcile_at = now() WHERE id = ?",
        applied);

    Migrations.update(database);

    assertThat(sql.count("SELECT count(*) FROM deployment_revision"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_revision r JOIN deployment d"
                    + " ON d.id = r.deployment_id WHERE r.generation = d.generation"
                    + " AND r.template_id = d.desired_template_id"
                    + " AND r.target_replicas = d.target_replicas"
                    + " AND r.user_values_json IS NOT DISTINCT FROM d.user_values_json"
                    + " AND r.operation = 'imported'"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
    assertThat(
            sql.rows(
                "SELECT generation, outcome FROM deployment_revision WHERE deployment_id = ?",
                applied))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("generation")).isEqualTo(4L);
              assertThat(row.get("outcome")).isEqualTo("applied");
            });
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_revision WHERE outcome = 'pending'"
                    + " AND deployment_id <> ?",
                applied))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments() - 1);
    assertThat(sql.count("SELECT count(*) FROM deployment WHERE suspended_at IS NOT NULL"))
        .isZero();
  }

  @Test
  void revisionsRefuseUnknownOperationsAndOutcomesAndASecondRowPerGeneration() {
    Migrations.update(database);
    var id = liveDeploymentId();

    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_revision SET outcome = 'maybe' WHERE deployment_id = ?", id))
        .hasMessageContaining("deployment_revision_outcome_check");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_revision SET operation = 'guess' WHERE deployment_id = ?",
                    id))
        .hasMessageContaining("deployment_revision_operation_check");
    assertThatThrownBy(
            () ->
                sql.update(
                    "INSERT INTO deployment_revision (deployment_id, generation, template_id,"
                        + " target_replicas, operation) SELECT deployment_id, generation,"
                        + " template_id, 1, 'update' FROM deployment_revision"
                        + " WHERE deployment_id = ?",
                    id))
        .hasMessageContaining("deployment_revision_generation_key");
  }

  @Test
  void rollbackToV3DropsRevisionsAndSuspensionAndUpgradesAgain() {
    Migrations.update(database);
    sql.update("UPDATE deployment SET suspended_at = now() WHERE id = ?", liveDeploymentId());

    Migrations.rollbackToTag(database, "v3");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name = 'deployment_revision'"))
        .isZero();
    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'deployment' AND column_name = 'suspended_at'"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment")).isEqualTo(legacy.deployments());

    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_revision"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
  }

  @Test
  void revisionSecretsStepGivesTheCurrentRevisionItsDeploymentsSealedValuesAndRollsBackToV4() {
    Migrations.updateToTag(database, "v4");
    var sealed = liveDeploymentId();
    sql.update(
        "UPDATE deployment SET secret_values = '\\x0102', secret_values_key = 'k1' WHERE id = ?",
        sealed);

    Migrations.update(database);

    assertThat(
            sql.rows(
                "SELECT encode(r.secret_values, 'hex') AS sealed, r.secret_values_key AS key"
                    + " FROM deployment_revision r JOIN deployment d ON d.id = r.deployment_id"
                    + " WHERE r.secret_values IS NOT NULL"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("sealed")).isEqualTo("0102");
              assertThat(row.get("key")).isEqualTo("k1");
            });
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_revision SET secret_values_key = NULL"
                        + " WHERE deployment_id = ?",
                    sealed))
        .hasMessageContaining("deployment_revision_secret_values_sealed");

    Migrations.rollbackToTag(database, "v4");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'deployment_revision'"
                    + " AND column_name IN ('secret_values', 'secret_values_key')"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment_revision"))
        .isEqualTo(legacy.deployments() - legacy.deletedDeployments());
    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_revision WHERE secret_values_key = 'k1'"))
        .isOne();
  }

  private long liveDeploymentId() {
    return sql.count("SELECT id FROM deployment WHERE deleted_at IS NULL ORDER BY id LIMIT 1");
  }
}
