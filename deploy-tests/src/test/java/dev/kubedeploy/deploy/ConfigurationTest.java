package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static dev.kubedeploy.deploy.RenderedChart.container;
import static dev.kubedeploy.deploy.RenderedChart.env;
import static dev.kubedeploy.deploy.RenderedChart.named;
import static dev.kubedeploy.deploy.RenderedChart.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How configuration, database credentials and the JWT key reach the services. */
class ConfigurationTest {

  @Test
  void bothServicesLoadTheirConfigMapAndTakeTheDatabaseFromTheSecret() {
    var chart = RenderedChart.withTestValues();

    for (var component : List.of("api", "reconciler")) {
      var container = container(chart.get("Deployment", FULLNAME + "-" + component));
      assertThat(container.at("/envFrom/0/configMapRef/name").asText())
          .isEqualTo(FULLNAME + "-" + component);
      assertSecretRef(container, "QUARKUS_DATASOURCE_JDBC_URL", FULLNAME + "-database", "url");
      assertSecretRef(container, "QUARKUS_DATASOURCE_USERNAME", FULLNAME + "-database", "username");
      assertSecretRef(container, "QUARKUS_DATASOURCE_PASSWORD", FULLNAME + "-database", "password");
    }
    var secret = chart.get("Secret", FULLNAME + "-database").path("stringData");
    assertThat(secret.path("url").asText())
        .isEqualTo("jdbc:postgresql://postgres.database.svc:5432/kubedeploy");
    assertThat(secret.path("username").asText()).isEqualTo("kubedeploy");
    assertThat(secret.path("password").asText()).isEqualTo("change-me");
  }

  @Test
  void tracingIsOffUnlessACollectorIsNamedAndThenOnInBothServices() {
    var off = RenderedChart.withTestValues();
    var on =
        RenderedChart.values()
            .set("otel.endpoint", "http://otel-collector.observability:4317")
            .render();

    for (var component : List.of("api", "reconciler")) {
      var name = FULLNAME + "-" + component;
      assertThat(off.get("ConfigMap", name).path("data").has("QUARKUS_OTEL_SDK_DISABLED"))
          .isFalse();
      var config = on.get("ConfigMap", name).path("data");
      assertThat(config.path("QUARKUS_OTEL_SDK_DISABLED").asText()).isEqualTo("false");
      assertThat(config.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText())
          .isEqualTo("http://otel-collector.observability:4317");
    }
  }

  @Test
  void existingDatabaseSecretIsReadWithItsOwnKeysAndNoSecretIsCreated() {
    var chart =
        RenderedChart.values()
            .set("database.existingSecret", "pg-app")
            .set(
                "database.secretKeys",
                Map.of("url", "jdbc-uri", "username", "user", "password", "pass"))
            .render();

    assertThat(chart.find("Secret", FULLNAME + "-database")).isEmpty();
    assertThat(chart.find("Secret", FULLNAME + "-migration")).isEmpty();
    for (var workload :
        List.of(
            chart.get("Deployment", FULLNAME + "-api"),
            chart.get("Deployment", FULLNAME + "-reconciler"),
            chart.get("Job", FULLNAME + "-migration"))) {
      var container = container(workload);
      assertSecretRef(container, "QUARKUS_DATASOURCE_JDBC_URL", "pg-app", "jdbc-uri");
      assertSecretRef(container, "QUARKUS_DATASOURCE_USERNAME", "pg-app", "user");
      assertSecretRef(container, "QUARKUS_DATASOURCE_PASSWORD", "pg-app", "pass");
    }
  }

  @Test
  void jwtPublicKeyIsStoredInASecretAndMountedAsTheVerificationKeyFile() {
    var chart = RenderedChart.withTestValues();

    var key = chart.get("Secret", FULLNAME + "-jwt").at("/stringData/public-key").asText();
    assertThat(key).startsWith("-----BEGIN PUBLIC KEY-----");
    var api = chart.get("Deployment", FULLNAME + "-api");
    assertThat(mountOf(api, "jwt").path("mountPath").asText()).isEqualTo("/etc/kubedeploy/jwt");
    assertThat(volumeOf(api, "jwt").at("/secret/secretName").asText()).isEqualTo(FULLNAME + "-jwt");
    var config = chart.get("ConfigMap", FULLNAME + "-api").path("data");
    assertThat(config.path("MP_JWT_VERIFY_PUBLICKEY_LOCATION").asText())
        .isEqualTo("file:/etc/kubedeploy/jwt/public-key");
    assertThat(config.path("MP_JWT_VERIFY_ISSUER").asText())
        .isEqualTo("https://issuer.example.com");
    assertThat(config.path("MP_JWT_VERIFY_AUDIENCES").asText()).isEqualTo("kubedeploy-api");
  }

  @Test
  void existingJwtSecretIsMountedUnderItsOwnKey() {
    var chart =
        RenderedChart.values()
            .set("api.jwt.publicKey", "")
            .set("api.jwt.existingSecret", "token-keys")
            .set("api.jwt.existingSecretKey", "jwks.json")
            .render();

    assertThat(chart.find("Secret", FULLNAME + "-jwt")).isEmpty();
    var api = chart.get("Deployment", FULLNAME + "-api");
    assertThat(volumeOf(api, "jwt").at("/secret/secretName").asText()).isEqualTo("token-keys");
    assertThat(volumeOf(api, "jwt").at("/secret/items/0/key").asText()).isEqualTo("jwks.json");
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-api")
                .at("/data/MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .asText())
        .isEqualTo("file:/etc/kubedeploy/jwt/jwks.json");
  }

  @Test
  void jwksUrlIsPassedAsTheKeyLocationWithNothingMounted() {
    var chart =
        RenderedChart.values()
            .set("api.jwt.publicKey", "")
            .set("api.jwt.publicKeyLocation", "https://issuer.example.com/jwks")
            .render();

    assertThat(chart.find("Secret", FULLNAME + "-jwt")).isEmpty();
    assertThat(volumeOf(chart.get("Deployment", FULLNAME + "-api"), "jwt").isMissingNode())
        .isTrue();
    assertThat(
            chart
                .get("ConfigMap", FULLNAME + "-api")
                .at("/data/MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .asText())
        .isEqualTo("https://issuer.example.com/jwks");
  }

  @Test
  void authSettingsAndFreeFormConfigReachTheApiConfigMap() {
    var chart =
        RenderedChart.values()
            .set("api.auth.bootstrapAdminSubject", "alice")
            .set("api.auth.autoProvisionEnabled", true)
            .set(
                "api.config",
                Map.of("QUARKUS_LOG_LEVEL", "DEBUG", "MP_JWT_VERIFY_ISSUER", "override"))
            .render();

    var config = chart.get("ConfigMap", FULLNAME + "-api").path("data");
    assertThat(config.path("APP_AUTH_BOOTSTRAP_ADMIN_SUBJECT").asText()).isEqualTo("alice");
    assertThat(config.path("APP_AUTH_AUTO_PROVISION_ENABLED").asText()).isEqualTo("true");
    assertThat(config.path("QUARKUS_LOG_LEVEL").asText()).isEqualTo("DEBUG");
    assertThat(config.path("MP_JWT_VERIFY_ISSUER").asText())
        .as("api.config is the escape hatch: it wins over derived keys")
        .isEqualTo("override");
  }

  @Test
  void reconcilerConfigAndExtraEnvReachTheReconciler() {
    var chart =
        RenderedChart.values()
            .set(
                "reconciler.config",
                Map.of("APP_QUEUE_CONCURRENCY", "4", "APP_HELM_BINARY", "/opt/helm"))
            .set(
                "reconciler.extraEnv",
                List.of(Map.of("name", "HTTPS_PROXY", "value", "http://proxy:3128")))
            .render();

    var config = chart.get("ConfigMap", FULLNAME + "-reconciler").path("data");
    assertThat(config.path("APP_QUEUE_CONCURRENCY").asText()).isEqualTo("4");
    assertThat(config.path("APP_HELM_BINARY").asText()).isEqualTo("/opt/helm");
    var container = container(chart.get("Deployment", FULLNAME + "-reconciler"));
    assertThat(env(container, "HTTPS_PROXY").path("value").asText()).isEqualTo("http://proxy:3128");
  }

  @Test
  void booleanConfigValuesBecomeStrings() {
    var chart =
        RenderedChart.values()
            .set("reconciler.config", Map.of("QUARKUS_LOG_CONSOLE_JSON", true))
            .render();

    var value =
        chart.get("ConfigMap", FULLNAME + "-reconciler").at("/data/QUARKUS_LOG_CONSOLE_JSON");
    assertThat(value.isTextual()).isTrue();
    assertThat(value.asText()).isEqualTo("true");
  }

  @Test
  void extraVolumesAreMountedIntoTheApi() {
    var chart =
        RenderedChart.values()
            .set(
                "api.extraVolumes",
                List.of(Map.of("name", "ca", "configMap", Map.of("name", "corp-ca"))))
            .set("api.extraVolumeMounts", List.of(Map.of("name", "ca", "mountPath", "/etc/ca")))
            .render();

    var api = chart.get("Deployment", FULLNAME + "-api");
    assertThat(volumeOf(api, "ca").at("/configMap/name").asText()).isEqualTo("corp-ca");
    assertThat(mountOf(api, "ca").path("mountPath").asText()).isEqualTo("/etc/ca");
  }

  private static void assertSecretRef(
      JsonNode container, String variable, String secret, String key) {
    var ref = env(container, variable).at("/valueFrom/secretKeyRef");
    assertThat(ref.path("name").asText()).as(variable).isEqualTo(secret);
    assertThat(ref.path("key").asText()).as(variable).isEqualTo(key);
  }

  private static JsonNode volumeOf(JsonNode workload, String name) {
    return named(podSpec(workload).path("volumes"), name);
  }

  private static JsonNode mountOf(JsonNode workload, String name) {
    return named(container(workload).path("volumeMounts"), name);
  }
}
