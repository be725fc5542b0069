package dev.kubedeploy.testsupport;

import java.util.Map;

/**
 * Like {@link PostgresTestResource}, but migrates the database before the application starts: for
 * services that never migrate themselves (the reconciler).
 */
public class MigratedPostgresTestResource extends PostgresTestResource {

  @Override
  public Map<String, String> start() {
    var database = TestDatabase.createDatabase("quarkus");
    Migrations.update(database);
    return datasourceProperties(database);
  }
}
