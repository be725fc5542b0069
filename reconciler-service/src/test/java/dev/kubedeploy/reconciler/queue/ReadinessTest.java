package dev.kubedeploy.reconciler.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The health endpoints of an instance that runs the queue: readiness says the claim loops run,
 * LISTEN is connected and helm runs (with the version found); it follows the database (Quarkus's
 * datasource check, and the LISTEN connection it loses) and recovers by itself when the database is
 * back, while liveness stays up through the outage, since restarting the pod would not bring the
 * database back.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(ReadinessTest.OwnDatabase.class)
class ReadinessTest {

  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(4);

  /**
   * A profile of its own, so that this test's outage hits a database no other test uses; the
   * queue's timeouts are short, so that a stall timeout of a few seconds is allowed.
   */
  public static class OwnDatabase extends QueueEnabledProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      var overrides = new HashMap<>(super.getConfigOverrides());
      overrides.put("app.queue.instance-name", "readiness");
      overrides.put("app.queue.poll-interval", "200ms");
      overrides.put("app.queue.database.statement-timeout", "300ms");
      overrides.put("app.queue.database.lock-timeout", "100ms");
      overrides.put("app.queue.database.socket-timeout", "500ms");
      overrides.put("app.probes.claim-loop-stall-timeout", STALL_TIMEOUT.toMillis() + "ms");
      overrides.put("app.helm.binary", HelmBinary.configuredOrDefault().toString());
      return overrides;
    }
  }

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @Test
  void readinessNamesWhatRunsAndLivenessHowRecentlyEachClaimLoopIterated() {
    await().atMost(Duration.ofMinutes(2)).until(() -> status("/q/health/ready") == 200);

    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'reconcile-queue' }.status", is("UP"))
        .body("checks.find { it.name == 'reconcile-queue' }.data.claim-loops", is("running"))
        .body("checks.find { it.name == 'reconcile-queue' }.data.listen", is("connected"))
        .body("checks.find { it.name == 'helm' }.status", is("UP"))
        .body(
            "checks.find { it.name == 'helm' }.data.version",
            matchesPattern("v\\d+\\.\\d+\\.\\d+"));
    given()
        .when()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'claim-loops' }.status", is("UP"))
        .body("checks.find { it.name == 'claim-loops' }.data.running", is(true))
        .body(
            "checks.find { it.name == 'claim-loops' }.data",
            hasKey("reconcile-claimer-readiness-1"))
        .body(
            "checks.find { it.name == 'claim-loops' }.data",
            hasKey("reconcile-claimer-readiness-2"));
  }

  @Test
  void readinessIsDownWhileTheDatabaseIsUnreachableAndLivenessStaysUp() throws Exception {
    await().atMost(Duration.ofMinutes(2)).until(() -> status("/q/health/ready") == 200);
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
        await().atMost(Duration.ofMinutes(2)).until(() -> status("/q/health/ready") == 503);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    given()
                        .when()
                        .get("/q/health/ready")
                        .then()
                        .body(
                            "checks.find { it.name == 'reconcile-queue' }.data.listen",
                            is("reconnecting")));
        await()
            .during(STALL_TIMEOUT.multipliedBy(2))
            .atMost(STALL_TIMEOUT.multipliedBy(3))
            .until(() -> status("/q/health/live") == 200);
      } finally {
        statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      }
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> status("/q/health/ready") == 200);
  }

  private static int status(String path) {
    return given().when().get(path).then().extract().statusCode();
  }
}
