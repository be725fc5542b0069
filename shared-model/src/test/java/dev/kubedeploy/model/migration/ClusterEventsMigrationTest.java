package dev.kubedeploy.model.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster events step on a v4 database holding legacy rows: the table arrives empty, guards its
 * values and one row per Event, and rolling back to v4 drops it with its rows and keeps the rest.
 */
class ClusterEventsMigrationTest {

  private static final String INSERT =
      "INSERT INTO deployment_cluster_event (deployment_id, event_uid, type, reason, message,"
          + " involved_kind, involved_name, count, first_seen, last_seen)"
          + " VALUES (?, ?, ?, 'BackOff', 'Back-off restarting failed container web', 'Pod',"
          + " 'web-1', 3, now() - interval '1 minute', now())";

  private TestDatabase.Coordinates database;
  private Sql sql;
  private LegacyData.Counts legacy;

  @BeforeEach
  void v4DatabaseWithLegacyRows() throws Exception {
    database = TestDatabase.createDatabase("cluster_events");
    sql = new Sql(database);
    Migrations.updateToTag(database, "v1-baseline");
    legacy = LegacyData.insert(database);
    Migrations.updateToTag(database, "v4");
  }

  @Test
  void theTableArrivesEmptyAndRefusesUnknownTypesAndASecondRowPerEvent() {
    Migrations.update(database);
    var id = deploymentId();

    assertThat(sql.count("SELECT count(*) FROM deployment_cluster_event")).isZero();
    sql.update(INSERT, id, "uid-1", "warning");
    assertThatThrownBy(() -> sql.update(INSERT, id, "uid-2", "Warning"))
        .hasMessageContaining("deployment_cluster_event_type_check");
    assertThatThrownBy(() -> sql.update(INSERT, id, "uid-1", "normal"))
        .hasMessageContaining("deployment_cluster_event_uid_key");
  }

  @Test
  void rollbackToV4DropsTheTableWithItsRowsAndUpgradesAgain() {
    Migrations.update(database);
    sql.update(INSERT, deploymentId(), "uid-1", "warning");

    Migrations.rollbackToTag(database, "v4");

    assertThat(
            sql.count(
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name = 'deployment_cluster_event'"))
        .isZero();
    assertThat(sql.count("SELECT count(*) FROM deployment")).isEqualTo(legacy.deployments());

    Migrations.update(database);
    assertThat(sql.count("SELECT count(*) FROM deployment_cluster_event")).isZero();
  }

  private long deploymentId() {
    return sql.count("SELECT min(id) FROM deployment");
  }
}
