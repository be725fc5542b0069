package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.testsupport.Migrations;
import dev.kubedeploy.testsupport.ServiceProcess;
import dev.kubedeploy.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler never migrates: on a schema that is behind it refuses to start. */
class SchemaCheckE2E {

  @TempDir Path work;

  @Test
  void reconcilerRefusesToStartOnADatabaseThatIsBehindTheSchema() {
    var database = TestDatabase.createDatabase("behind");
    Migrations.updateToTag(database, "v1-deployments");

    try (var reconciler =
        ServiceProcess.start(
            "reconciler",
            Path.of(System.getProperty("kubedeploy.reconciler.jar")),
            List.of(),
            Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(ServiceProcess.freePort()),
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password()),
            work)) {

      assertThat(reconciler.awaitExit(Duration.ofMinutes(2))).isNotZero();
      assertThat(reconciler.logTail()).contains("database schema is behind");
    }
  }
}
