package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health after install and the reasons behind a status, with the platform as it runs: the sample
 * chart {@code flaky} asks the harness, through its pod template's annotations, for pods that fail
 * after they were ready, and the client sees the deployment through the REST API only.
 */
class HealthE2E extends SharedPlatform {

  private static final Duration CONVERGE = Duration.ofMinutes(3);

  private static long template;

  @BeforeAll
  static void publishTheFlakyProduct() throws Exception {
    platform.publishProduct("flaky", "Flaky");
    template = platform.publishSampleTemplate("flaky", "0.1.0", 20);
  }

  @Test
  void aReleaseWhosePodsStartCrashLoopingGoesDegradedAndBackToRunningWhenFixed() {
    // healthy long enough for helm's wait to pass, then crash-looping
    var uid = create("crashy", Map.of("podFailure", "crash-loop", "failAfterSeconds", 20));
    awaitStatus(uid, "running");

    var degraded = awaitStatus(uid, "degraded");
    assertThat(degraded.getString("conditions.find { it.type == 'Ready' }.status"))
        .isEqualTo("False");
    assertThat(degraded.getString("conditions.find { it.type == 'Ready' }.reason"))
        .isEqualTo("CrashLoopBackOff");
    assertThat(degraded.getString("conditions.find { it.type == 'Stalled' }.status"))
        .isEqualTo("False");
    assertThat(degraded.getList("replicas.pods.status", String.class)).contains("failed");
    // the kubelet's own story, mirrored by the reconciler, beside the platform's
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var recent = events(uid);
              assertThat(recent.getList("items", Map.class))
                  .anySatisfy(
                      event -> {
                        assertThat(event.get("source")).isEqualTo("cluster");
                        assertThat(event.get("type")).isEqualTo("Warning");
                        assertThat(event.get("reason")).isEqualTo("BackOff");
                        assertThat((String) event.get("message"))
                            .startsWith("Back-off restarting failed container");
                        assertThat(((Map<?, ?>) event.get("object")).get("kind")).isEqualTo("Pod");
                      })
                  .anySatisfy(event -> assertThat(event.get("source")).isEqualTo("platform"))
                  .noneSatisfy(
                      event ->
                          assertThat(event.get("source") + "/" + event.get("reason"))
                              .isEqualTo("cluster/Installed"));
            });

    platform
        .as(platform.userToken())
        .body(Map.of("user_values", Map.of("podFailure", "")))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200);

    var fixed = awaitStatus(uid, "running");
    assertThat(fixed.getLong("applied_generation")).isEqualTo(2);
    assertThat(fixed.getString("conditions.find { it.type == 'Ready' }.status")).isEqualTo("True");
    var events = events(uid);
    assertThat(events.getList("items.reason", String.class))
        .containsSubsequence("ReconciliationSucceeded", "Degraded", "Created");
    assertThat(
            events.getList("items.status", String.class).stream()
                .filter("degraded"::equals)
                .count())
        .isOne();
    assertThat(clusterEventReasons(uid)).contains("Installed", "CrashLoopBackOff", "Upgraded");
  }

  @Test
  void aFailedUpgradeIsStalledWithHelmsReason() {
    var uid = create("stalls", Map.of());
    awaitStatus(uid, "running");

    platform
        .as(platform.userToken())
        .body(Map.of("user_values", Map.of("podFailure", "never-ready")))
        .patch("/deployments/" + uid)
        .then()
        .statusCode(200);

    var failed = awaitStatus(uid, "failed");
    var stalled = "conditions.find { it.type == 'Stalled' }";
    assertThat(failed.getString(stalled + ".status")).isEqualTo("True");
    assertThat(failed.getString(stalled + ".reason")).isEqualTo("RolledBack");
    assertThat(failed.getString(stalled + ".message"))
        .startsWith("upgrade: ")
        .containsPattern("has been rolled back due to (atomic|rollback-on-failure)");
    assertThat(failed.getLong(stalled + ".observed_generation")).isEqualTo(2);
    assertThat(failed.getString("last_error"))
        .startsWith("upgrade: ")
        .doesNotContain("ReconcileStepException")
        .doesNotContain("PermanentReconcileException");
    assertThat(failed.getString("conditions.find { it.type == 'Ready' }.status"))
        .isEqualTo("False");
    assertThat(clusterEventReasons(uid)).contains("Installed", "RolledBack");
  }

  private static String create(String name, Map<String, Object> values) {
    return platform.createDeployment(
        Map.of("name", name, "template_id", template, "user_values", values));
  }

  private static JsonPath awaitStatus(String uid, String status) {
    return platform.awaitStatus(uid, status, CONVERGE);
  }

  private static JsonPath events(String uid) {
    return platform
        .as(platform.userToken())
        .get("/deployments/" + uid + "/events")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The reasons of the Events the reconciler wrote on the deployment's namespace. */
  private static List<String> clusterEventReasons(String uid) {
    return platform.cluster().client().v1().events().inNamespace(uid).list().getItems().stream()
        .filter(event -> "kubedeploy".equals(event.getReportingComponent()))
        .map(event -> event.getReason())
        .toList();
  }
}
