package dev.kubedeploy.reconciler.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An instance whose helm binary does not run is not ready, and readiness says why. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@TestProfile(HelmMissingReadinessTest.NoHelm.class)
class HelmMissingReadinessTest {

  private static final String MISSING = "/nonexistent/bin/helm";

  /** The queue runs, with a helm binary setting that names no file. */
  public static class NoHelm extends QueueEnabledProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      var overrides = new HashMap<>(super.getConfigOverrides());
      overrides.put("app.helm.binary", MISSING);
      return overrides;
    }
  }

  @Test
  void readinessIsDownAndNamesTheBinaryThatDoesNotRun() {
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'helm' }.status", is("DOWN"))
                    .body("checks.find { it.name == 'helm' }.data.binary", is(MISSING))
                    .body("checks.find { it.name == 'helm' }.data.error", containsString(MISSING))
                    .body("checks.find { it.name == 'reconcile-queue' }.status", is("UP")));
  }
}
