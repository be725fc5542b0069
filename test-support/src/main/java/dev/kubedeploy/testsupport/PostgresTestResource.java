package dev.kubedeploy.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at a fresh database of {@link TestDatabase}; Liquibase
 * migrates it at start as in production.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return datasourceProperties(TestDatabase.createDatabase("quarkus"));
  }

  /** The Quarkus datasource settings that reach {@code database}. */
  static Map<String, String> datasourceProperties(TestDatabase.Coordinates database) {
    return Map.of(
        "quarkus.datasource.jdbc.url", database.jdbcUrl(),
        "quarkus.datasource.username", database.username(),
        "quarkus.datasource.password", database.password(),
        "quarkus.datasource.devservices.enabled", "false");
  }

  @Override
  public void stop() {
    // the database is dropped with the embedded server at JVM exit
  }
}
