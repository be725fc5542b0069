package dev.kubedeploy.reconciler.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the database: it fails while the database refuses connections and recovers by
 * itself when the database is back (Quarkus's datasource health check, verified here).
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(ReadinessTest.OwnDatabase.class)
class ReadinessTest {

  /** A profile of its own, so that this test's outage hits a database no other test uses. */
  public static class OwnDatabase implements QuarkusTestProfile {}

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @Test
  void readinessIsDownWhileTheDatabaseIsUnreachableAndUpAgainAfterwards() throws Exception {
    await().atMost(Duration.ofMinutes(2)).until(() -> readiness() == 200);
    var database = URI.create(url.substring("jdbc:".length())).getPath().substring(1);
    var admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (var connection = DriverManager.getConnection(admin, "postgres", "");
        var statement = connection.createStatement()) {
      statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + database
              + "'");
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> readiness() == 503);
      } finally {
        statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      }
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> readiness() == 200);
  }

  private static int readiness() {
    return given().when().get("/q/health/ready").then().extract().statusCode();
  }
}
