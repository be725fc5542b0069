package dev.kubedeploy.api.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.api.migration.MigrationCheck.Phase;
import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.Sql;
import dev.kubedeploy.testsupport.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The migration check on real databases, clean and broken in the ways it exists to find. */
class MigrationCheckTest {

  @Test
  void aMigratedDatabaseWithConsistentRowsPasses() throws SQLException {
    var database = migratedWithOneDeployment();

    var report = check(database, Phase.POST);

    assertThat(report.violations()).isEmpty();
    assertThat(report.lines())
        .contains("rows deployment: 1", "statuses deployment.status: pending=1")
        .anyMatch(line -> line.startsWith("orphan references deployment.user_id -> users: 0"));
  }

  @Test
  void aReferenceWhoseRowIsGoneIsAViolationEvenWhenTheConstraintDidNotStopIt() throws SQLException {
    var database = migratedWithOneDeployment();
    var sql = new Sql(database);

    // What a manual fix with triggers disabled leaves behind: the constraint never saw the row.
    sql.update(
        "ALTER TABLE deployment_status_history DISABLE TRIGGER ALL;"
            + " INSERT INTO deployment_status_history (deployment_id, new_status)"
            + " VALUES (987654, 'pending');"
            + " ALTER TABLE deployment_status_history ENABLE TRIGGER ALL");

    assertThat(check(database, Phase.POST).violations())
        .containsExactly(
            "orphan references deployment_status_history.deployment_id -> deployment: 1");
  }

  @Test
  void aStatusThisVersionDoesNotKnowFailsOnlyAfterTheMigration() throws SQLException {
    var database = migratedWithOneDeployment();
    new Sql(database)
        .update(
            "ALTER TABLE deployment DROP CONSTRAINT deployment_status_check;"
                + " UPDATE deployment SET status = 'hibernating'");

    assertThat(check(database, Phase.POST).violations())
        .containsExactly("unknown status in deployment.status: 'hibernating' (1 rows)");
    assertThat(check(database, Phase.PRE).violations()).isEmpty();
  }

  @Test
  void aLiveDeploymentWithoutResourcesFailsTheCheckAfterTheMigration() throws SQLException {
    var database = migratedWithOneDeployment();
    new Sql(database).update("DELETE FROM deployment_resource");

    assertThat(check(database, Phase.POST).violations())
        .containsExactly("live deployments without a resources row: 1");
  }

  @Test
  void duplicatesTheMigrationWouldRefuseFailTheCheckBeforeIt() throws SQLException {
    var database = TestDatabase.createDatabase("migration_check");
    Migrations.updateToTag(database, "v1-baseline");
    var sql = new Sql(database);
    var user = sql.count("INSERT INTO users (username, email) VALUES ('a', 'a@x') RETURNING id");
    var product = sql.count("INSERT INTO product (slug, name) VALUES ('p', 'P') RETURNING id");
    var template =
        sql.count(
            "INSERT INTO product_template_version (product_id, version_label) VALUES (?, 'v1')"
                + " RETURNING id",
            product);
    for (var host : new String[] {"Shop.example.com", "shop.example.com"}) {
      sql.update(
          "INSERT INTO deployment (user_id, template_id, name, domainname) VALUES (?, ?, 'shop', ?)",
          user,
          template,
          host);
    }

    var report = check(database, Phase.PRE);

    assertThat(report.violations())
        .containsExactlyInAnyOrder(
            "live deployments sharing a name per user: 1",
            "live deployments sharing a domain name: 1");
    assertThat(report.lines()).contains("rows deployment: 2").noneMatch(l -> l.contains("status"));
  }

  private static TestDatabase.Coordinates migratedWithOneDeployment() {
    var database = TestDatabase.createDatabase("migration_check");
    Migrations.updateToTag(database, "v1-baseline");
    var sql = new Sql(database);
    var user = sql.count("INSERT INTO users (username, email) VALUES ('a', 'a@x') RETURNING id");
    var product = sql.count("INSERT INTO product (slug, name) VALUES ('p', 'P') RETURNING id");
    var template =
        sql.count(
            "INSERT INTO product_template_version (product_id, version_label) VALUES (?, 'v1')"
                + " RETURNING id",
            product);
    sql.update(
        "INSERT INTO deployment (user_id, template_id, name) VALUES (?, ?, 'shop')",
        user,
        template);
    Migrations.update(database);
    return database;
  }

  private static MigrationCheck.Report check(TestDatabase.Coordinates database, Phase phase)
      throws SQLException {
    try (var connection = database.connect()) {
      return MigrationCheck.run(connection, phase);
    }
  }
}
