package dev.kubedeploy.deploy;

import static dev.kubedeploy.deploy.RenderedChart.FULLNAME;
import static dev.kubedeploy.deploy.RenderedChart.container;
import static dev.kubedeploy.deploy.RenderedChart.env;
import static dev.kubedeploy.deploy.RenderedChart.podSpec;
import static dev.kubedeploy.deploy.WorkloadsTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Liquibase migration, run by the api-service image as a Helm hook before the services. */
class MigrationJobTest {

  private static final RenderedChart CHART = RenderedChart.withTestValues();

  private static JsonNode job(RenderedChart chart) {
    return chart.get("Job", FULLNAME + "-migration");
  }

  @Test
  void migrationRunsAsAPreInstallAndPreUpgradeHookDeletedWhenItSucceeds() {
    var annotations = job(CHART).path("metadata").path("annotations");

    assertThat(annotations.path("helm.sh/hook").asText()).isEqualTo("pre-install,pre-upgrade");
    assertThat(annotations.path("helm.sh/hook-weight").asText()).isEqualTo("0");
    assertThat(annotations.path("helm.sh/hook-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
  }

  @Test
  void migrationReadsTheDatabaseFromAHookSecretCreatedBeforeIt() {
    var secret = CHART.get("Secret", FULLNAME + "-migration");
    var annotations = secret.path("metadata").path("annotations");

    assertThat(annotations.path("helm.sh/hook").asText()).isEqualTo("pre-install,pre-upgrade");
    assertThat(annotations.path("helm.sh/hook-weight").asInt())
        .isLessThan(job(CHART).at("/metadata/annotations/helm.sh~1hook-weight").asInt());
    assertThat(annotations.path("helm.sh/hook-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
    assertThat(secret.at("/stringData/url").asText())
        .isEqualTo("jdbc:postgresql://postgres.database.svc:5432/kubedeploy");
    assertThat(
            env(container(job(CHART)), "QUARKUS_DATASOURCE_PASSWORD")
                .at("/valueFrom/secretKeyRef/name")
                .asText())
        .isEqualTo(FULLNAME + "-migration");
  }

  @Test
  void nativeImageMigratesAtStartAndChecksTheDatabaseBeforeAndAfter() {
    var pod = podSpec(job(CHART));
    var pre = pod.path("initContainers").get(0);
    var migration = container(job(CHART));

    assertThat(pre.path("name").asText()).isEqualTo("migration-check-pre");
    assertThat(pre.path("image").asText()).isEqualTo("kubedeploy/api-service:0.1.0");
    assertThat(texts(pre.path("args")))
        .containsExactly(
            "-Dquarkus.http.host-enabled=false",
            "-Dapp.migration-check=pre",
            "-Dquarkus.hibernate-orm.schema-management.strategy=none");
    assertThat(env(pre, "QUARKUS_DATASOURCE_JDBC_URL").at("/valueFrom/secretKeyRef/name").asText())
        .isEqualTo(FULLNAME + "-migration");
    assertThat(texts(migration.path("args")))
        .containsExactly(
            "-Dquarkus.liquibase.migrate-at-start=true",
            "-Dquarkus.http.host-enabled=false",
            "-Dapp.migration-check=post");
    assertThat(env(migration, "JAVA_OPTS_APPEND").isMissingNode()).isTrue();
  }

  @Test
  void withoutChecksTheMigrationInitializesAndExits() {
    var chart = RenderedChart.values().set("migration.checks", false).render();

    assertThat(podSpec(job(chart)).has("initContainers")).isFalse();
    assertThat(texts(container(job(chart)).path("args")))
        .containsExactly(
            "-Dquarkus.init-and-exit=true", "-Dquarkus.liquibase.migrate-at-start=true");
  }

  @Test
  void jvmImageGetsTheFlagsAsJvmOptions() {
    var chart = RenderedChart.values().set("image.flavor", "jvm").render();
    var container = container(job(chart));
    var pre = podSpec(job(chart)).path("initContainers").get(0);

    assertThat(container.path("image").asText()).isEqualTo("kubedeploy/api-service:0.1.0-jvm");
    assertThat(container.has("args")).isFalse();
    assertThat(env(container, "JAVA_OPTS_APPEND").path("value").asText())
        .contains("-Dquarkus.liquibase.migrate-at-start=true")
        .contains("-Dapp.migration-check=post")
        .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    assertThat(env(pre, "JAVA_OPTS_APPEND").path("value").asText())
        .contains("-Dapp.migration-check=pre");
  }

  @Test
  void migrationPodNeverRestartsInPlaceAndHasNoKubernetesAccess() {
    var pod = podSpec(job(CHART));

    assertThat(pod.path("restartPolicy").asText()).isEqualTo("Never");
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(job(CHART).at("/spec/backoffLimit").asInt()).isEqualTo(1);
    assertThat(job(CHART).at("/spec/activeDeadlineSeconds").asInt()).isEqualTo(600);
  }

  @Test
  void migrationGetsTheApisOwnConfigurationButNotItsTokenSettings() {
    var chart =
        RenderedChart.values()
            .set("api.config", Map.of("QUARKUS_LIQUIBASE_DEFAULT_SCHEMA_NAME", "platform"))
            .render();
    var container = container(job(chart));

    assertThat(env(container, "QUARKUS_LIQUIBASE_DEFAULT_SCHEMA_NAME").path("value").asText())
        .isEqualTo("platform");
    assertThat(env(container, "MP_JWT_VERIFY_PUBLICKEY_LOCATION").isMissingNode()).isTrue();
    assertThat(container.has("envFrom")).isFalse();
  }

  @Test
  void disabledMigrationRendersNoJobAndNoHookSecret() {
    var chart = RenderedChart.values().set("migration.enabled", false).render();

    assertThat(chart.all("Job")).isEmpty();
    assertThat(chart.find("Secret", FULLNAME + "-migration")).isEmpty();
  }

  @Test
  void onlyTheMigrationObjectsAreInstallOrUpgradeHooks() {
    var hooks =
        CHART.objects().stream()
            .filter(o -> o.at("/metadata/annotations").has("helm.sh/hook"))
            .filter(o -> !o.at("/metadata/annotations/helm.sh~1hook").asText().equals("test"))
            .map(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
            .toList();

    assertThat(hooks)
        .containsExactlyInAnyOrderElementsOf(
            List.of("Secret/" + FULLNAME + "-migration", "Job/" + FULLNAME + "-migration"));
  }
}
