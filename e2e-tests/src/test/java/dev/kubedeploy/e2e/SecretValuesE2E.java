package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value the template marks secret, through the whole platform: the API shows {@code "***"}, the
 * Helm release holds the real value, a rollback restores the value of the generation it returns to,
 * and neither service's log holds any of them.
 */
class SecretValuesE2E {

  private static final String PASSWORD = "e2e-S3cret-Passw0rd-8c1f";
  private static final String NEW_PASSWORD = "e2e-N3w-Passw0rd-27b9";
  private static final String KEYS = "e2e-1:" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path work;

  @Test
  void theReleaseGetsTheSecretARollbackRestoresItsOldValueAndNoLogHoldsEither() throws Exception {
    var ring = Map.of("APP_SECRETS_KEYS", KEYS);
    var defaults = Platform.Options.defaults();
    try (var platform =
        Platform.start(
            work,
            new Platform.Options(
                ring, ring, defaults.chartDir(), defaults.reconcilerKubeconfig()))) {
      var template = publishWithSecretPassword(platform);
      var uid =
          platform
              .as(platform.userToken())
              .body(
                  Map.of(
                      "name",
                      "sealed",
                      "template_id",
                      template,
                      "user_values",
                      Map.of("config", Map.of("greeting", "hi", "password", PASSWORD))))
              .post("/deployments")
              .then()
              .statusCode(201)
              .body("user_values.config.password", equalTo("***"))
              .extract()
              .path("deployment_uid")
              .toString();

      await("running")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                var read = read(platform, uid);
                assertThat(read.getString("status")).as(read.prettify()).isEqualTo("running");
              });

      assertThat(read(platform, uid).getString("user_values.config.password")).isEqualTo("***");
      assertThat(releasedValues(platform, uid)).contains(PASSWORD);
      assertThat(configMap(platform, uid)).containsEntry("password", PASSWORD);

      platform
          .as(platform.userToken())
          .body(Map.of("user_values", Map.of("config", Map.of("password", NEW_PASSWORD))))
          .patch("/deployments/" + uid)
          .then()
          .statusCode(200)
          .body("user_values.config.password", equalTo("***"));
      platform.awaitApplied(platform.userToken(), uid, "running", 2);
      assertThat(configMap(platform, uid)).containsEntry("password", NEW_PASSWORD);

      platform
          .as(platform.userToken())
          .body(Map.of("to_generation", 1))
          .post("/deployments/" + uid + "/rollback")
          .then()
          .statusCode(200)
          .body("user_values.config.password", equalTo("***"));
      var rolledBack = platform.awaitApplied(platform.userToken(), uid, "running", 3);
      assertThat(rolledBack.getString("user_values.config.password")).isEqualTo("***");
      assertThat(configMap(platform, uid)).containsEntry("password", PASSWORD);
      assertThat(releasedValues(platform, uid)).contains(PASSWORD).doesNotContain(NEW_PASSWORD);
      assertThat(
              platform
                  .as(platform.userToken())
                  .get("/deployments/" + uid + "/revisions")
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString())
          .doesNotContain(PASSWORD)
          .doesNotContain(NEW_PASSWORD);
    }
    for (var log : List.of("api.log", "reconciler.log")) {
      assertThat(Files.readString(work.resolve(log)))
          .doesNotContain(PASSWORD)
          .doesNotContain(NEW_PASSWORD);
    }
  }

  private static Map<String, String> configMap(Platform platform, String uid) {
    return platform.cluster().client().configMaps().inNamespace(uid).withName(uid).get().getData();
  }

  private static long publishWithSecretPassword(Platform platform) throws Exception {
    platform.publishProduct("webapp", "Web app");
    return platform.publishTemplate(
        "webapp",
        Map.of(
            "version_label",
            "0.1.0",
            "chart_ref",
            "repo/webapp-0.1.0.tgz",
            "chart_version",
            "0.1.0",
            "chart_digest",
            Platform.publishedDigest("webapp", "0.1.0"),
            "health_timeout_sec",
            60,
            // nginx runs as root: the restricted level would refuse its pods
            "pod_security_level",
            "baseline",
            "values_schema_json",
            Platform.webappSchemaWithSecretPassword(),
            "capabilities_json",
            Map.of("replicas", "replicaCount", "resources", "resources")));
  }

  private static JsonPath read(Platform platform, String uid) {
    return platform
        .as(platform.userToken())
        .get("/deployments/" + uid)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** What {@code helm get values} shows for the release, as a cluster admin sees it. */
  private String releasedValues(Platform platform, String uid) {
    return Command.of(
            HelmBinary.configuredOrDefault().toString(),
            "get",
            "values",
            uid,
            "--namespace",
            uid,
            "--kubeconfig",
            platform.cluster().kubeconfig().toString(),
            "--output",
            "json")
        .output(Duration.ofMinutes(2));
  }
}
