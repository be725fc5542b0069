package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job trace context step on a v5 database holding legacy rows and their jobs: existing jobs
 * carry no trace, the columns take only W3C values, and rolling back to v5 drops them and keeps
 * every job.
 */
class JobTraceContextMigrationTest {

  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private TestDatabase.Coordinates database;
  private Sql sql;
  private long jobs;

  @BeforeEach
  void v5DatabaseWithLegacyRowsAndJobs() throws Exception {
    database = TestDatabase.createDatabase("job_trace_context");
    sql = new Sql(database);
    Migrations.updateToTag(database, "v1-baseline");
    LegacyData.insert(database);
    Migrations.updateToTag(database, "v5");
    jobs = sql.count("SELECT count(*) FROM deployment_reconcile_job");
  }

  @Test
  void existingJobsCarryNoTraceAndTheColumnsTakeOnlyW3cValues() {
    Migrations.update(database);
    var id = sql.count("SELECT min(id) FROM deployment_reconcile_job");

    assertThat(jobs).isPositive();
    assertThat(
            sql.count(
                "SELECT count(*) FROM deployment_reconcile_job"
                    + " WHERE trace_parent IS NULL AND trace_state IS NULL"))
        .isEqualTo(jobs);
    sql.update(
        "UPDATE deployment_reconcile_job SET trace_parent = ?, trace_state = 'vendor=x'"
            + " WHERE id = ?",
        TRACEPARENT,
        id);
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_reconcile_job SET trace_parent = 'not-a-trace' WHERE id = ?",
                    id))
        .hasMessageContaining("deployment_reconcile_job_trace_parent_check");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_reconcile_job SET trace_parent = NULL WHERE id = ?", id))
        .hasMessageContaining("deployment_reconcile_job_trace_state_check");
    assertThatThrownBy(
            () ->
                sql.update(
                    "UPDATE deployment_reconcile_job SET trace_state = repeat('a', 513)"
                        + " WHERE id = ?",
                    id))
        .hasMessageContaining("deployment_reconcile_job_trace_state_check");
  }

  @Test
  void rollbackToV5DropsTheColumnsKeepsEveryJobAndUpgradesAgain() {
    Migrations.update(database);
    sql.update(
        "UPDATE deployment_reconcile_job SET trace_parent = ?"
            + " WHERE id = (SELECT min(id) FROM deployment_reconcile_job)",
        TRACEPARENT);

    Migrations.rollbackToTag(database, "v5");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'deployment_reconcile_job'"
                    + " AND column_name IN ('trace_parent', 'trace_state')"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment_reconcile_job")).isEqualTo(jobs);

    Migrations.update(database);
    assertThat(
            sql.count("SELECT count(*) FROM deployment_reconcile_job WHERE trace_parent IS NULL"))
        .isEqualTo(jobs);
  }
}
