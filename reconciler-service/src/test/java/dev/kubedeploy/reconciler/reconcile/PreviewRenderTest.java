package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.SecretFields;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.model.values.ValuePath;
import dev.kubedeploy.reconciler.kube.ReleaseSecrets;
import dev.kubedeploy.reconciler.preview.PreviewWorker;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Previews rendered by the worker with real helm against the Kubernetes test harness: the diff of a
 * change against the installed release, and nothing written to the cluster or the release.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessResource.class, restrictToAnnotatedClass = true)
class PreviewRenderTest {

  private static final String PASSWORD = "s3cret-preview-Pa55-77f1";
  private static final String OLD_PASSWORD = "0ld-applied-Pa55-2b9c";
  private static final SecretFields FIELDS =
      new SecretFields(List.of(ValuePath.parse("config.password")));
  private static final ObjectMapper JSON = new ObjectMapper();

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject HelmReconcileStep step;
  @Inject Fixtures fixtures;
  @Inject ReleaseSecrets releases;
  @Inject PreviewWorker worker;
  @Inject SecretKeyRing ring;

  @Test
  void aValuesAndReplicasChangeShowsExactlyThoseObjectsAndTheReleaseDoesNotMove() throws Exception {
    var id = installed("{\"config\": {\"greeting\": \"hi\"}}");
    var row = fixtures.row(id);
    var revisions = releases.read(row.release(), row.namespace()).history();

    var preview =
        fixtures.preview(
            id,
            p -> {
              p.targetReplicas = 3;
              p.userValuesJson = "{\"config\": {\"greeting\": \"bonjour\"}}";
            });
    var result = rendered(preview);

    assertThat(kinds(result)).containsExactly("ConfigMap", "Deployment");
    assertThat(change(result, "Deployment").path("change").asText()).isEqualTo("changed");
    assertThat(change(result, "Deployment").path("diff").asText())
        .contains("-  replicas: 1", "+  replicas: 3")
        .doesNotContain("greeting");
    assertThat(change(result, "ConfigMap").path("diff").asText())
        .contains("-  greeting: hi", "+  greeting: bonjour");
    assertThat(change(result, "ConfigMap").path("namespace").asText()).isEqualTo(row.namespace());
    assertThat(result.path("unchanged").asInt()).isEqualTo(1);

    assertThat(releases.read(row.release(), row.namespace()).history()).isEqualTo(revisions);
    assertThat(fixtures.row(id).generation()).isEqualTo(row.generation());
    var workload =
        harness
            .client()
            .apps()
            .deployments()
            .inNamespace(row.namespace())
            .withName(row.release())
            .get();
    assertThat(workload.getSpec().getReplicas()).isEqualTo(1);
    assertThat(
            harness
                .client()
                .configMaps()
                .inNamespace(row.namespace())
                .withName(row.release())
                .get()
                .getData())
        .containsEntry("greeting", "hi");
  }

  @Test
  void theSameStatePreviewsNoChange() throws Exception {
    var id = installed("{}");

    var result = rendered(fixtures.preview(id, p -> {}));

    assertThat(result.path("changes")).isEmpty();
    assertThat(result.path("unchanged").asInt()).isEqualTo(3);
  }

  @Test
  void aDeploymentNotYetAppliedPreviewsEveryObjectAsAdded() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 2, "{}");

    var result = rendered(fixtures.preview(id, p -> {}));

    assertThat(kinds(result)).containsExactly("ConfigMap", "Deployment", "Service");
    assertThat(result.path("changes").findValuesAsText("change")).containsOnly("added");
    assertThat(change(result, "Deployment").path("diff").asText())
        .startsWith("--- /dev/null")
        .contains("+  replicas: 2");
  }

  @Test
  void secretValuesOldAndNewShowOnlyAsMasks() throws Exception {
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 20));
    var id = fixtures.deployment(template, 1, "{}");
    fixtures.change(id, deployment -> seal(deployment.deploymentUid, OLD_PASSWORD, deployment));
    step.reconcile(fixtures.claim(id, "create"));
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);

    var preview =
        fixtures.preview(
            id,
            p -> {
              var sealed = sealed(p.deployment.deploymentUid, PASSWORD);
              p.userValuesJson = sealed.masked().toString();
              var ciphertext = sealed.secrets().seal(ring, p.deployment.deploymentUid);
              p.secretValues = ciphertext.ciphertext();
              p.secretValuesKey = ciphertext.keyId();
            });
    assertThat(worker.renderNext()).isTrue();
    var stored = fixtures.previewRow(preview);

    assertThat(stored.status()).isEqualTo("done");
    assertThat(stored.resultJson()).doesNotContain(PASSWORD).doesNotContain(OLD_PASSWORD);
    var result = JSON.readTree(stored.resultJson());
    assertThat(kinds(result)).containsExactly("ConfigMap", "Deployment");
    assertThat(change(result, "ConfigMap").path("diff").asText())
        .isEqualTo("secret values changed; they are not shown");

    var added =
        rendered(
            fixtures.preview(
                fixtures.deployment(template, 1, "{}"),
                p -> {
                  p.userValuesJson = "{\"config\": {\"password\": \"***\"}}";
                  var ciphertext =
                      sealed(p.deployment.deploymentUid, PASSWORD)
                          .secrets()
                          .seal(ring, p.deployment.deploymentUid);
                  p.secretValues = ciphertext.ciphertext();
                  p.secretValuesKey = ciphertext.keyId();
                }));
    assertThat(added.toString()).doesNotContain(PASSWORD);
    assertThat(change(added, "ConfigMap").path("diff").asText()).contains("+  password: '***'");
  }

  @Test
  void aChartThatFailsToRenderAnswersHelmsErrorAndNoResult() throws Exception {
    var id = fixtures.deployment(fixtures.template(SampleCharts.folder("broken", 5)), 1, "{}");
    var preview = fixtures.preview(id, p -> {});

    assertThat(worker.renderNext()).isTrue();

    var stored = fixtures.previewRow(preview);
    assertThat(stored.status()).isEqualTo("failed");
    assertThat(stored.resultJson()).isNull();
    assertThat(stored.error()).startsWith("helm template failed: ").contains("nil pointer");
  }

  private long installed(String userValuesJson) throws Exception {
    var id =
        fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, userValuesJson);
    step.reconcile(fixtures.claim(id, "create"));
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    return id;
  }

  private JsonNode rendered(long preview) throws Exception {
    assertThat(worker.renderNext()).isTrue();
    var stored = fixtures.previewRow(preview);
    assertThat(stored.status()).as(String.valueOf(stored.error())).isEqualTo("done");
    return JSON.readTree(stored.resultJson());
  }

  private static List<String> kinds(JsonNode result) {
    return StreamSupport.stream(result.path("changes").spliterator(), false)
        .map(change -> change.path("kind").asText())
        .toList();
  }

  private static JsonNode change(JsonNode result, String kind) {
    return StreamSupport.stream(result.path("changes").spliterator(), false)
        .filter(change -> kind.equals(change.path("kind").asText()))
        .findFirst()
        .orElseThrow();
  }

  private static SecretValues.Split sealed(String uid, String password) {
    try {
      return SecretValues.split(
          JSON.readTree(JSON.writeValueAsString(Map.of("config", Map.of("password", password)))),
          FIELDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void seal(String uid, String password, Deployment row) {
    var split = sealed(uid, password);
    var ciphertext = split.secrets().seal(ring, uid);
    row.userValuesJson = split.masked().toString();
    row.secretValues = ciphertext.ciphertext();
    row.secretValuesKey = ciphertext.keyId();
  }
}
