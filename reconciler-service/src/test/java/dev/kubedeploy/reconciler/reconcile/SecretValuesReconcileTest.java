package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.SecretFields;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.model.values.ValuePath;
import dev.kubedeploy.reconciler.desired.ReleaseValues;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Sealed secret values on their way to Helm: opened by the reconciler, written in clear only to the
 * owner-only values file, present in the release, and absent from every log line, error and Event
 * (with the platform's own RBAC, and the hostile charts beside the samples).
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = ChartRbacHarnessResource.class, restrictToAnnotatedClass = true)
class SecretValuesReconcileTest {

  private static final String PASSWORD = "s3aled-Passw0rd-e5d1";
  private static final SecretFields FIELDS =
      new SecretFields(List.of(ValuePath.parse("config.password")));
  private static final ObjectMapper JSON = new ObjectMapper();

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject HelmReconcileStep step;
  @Inject Fixtures fixtures;
  @Inject DesiredStateReader reader;
  @Inject ValuesFiles valuesFiles;
  @Inject SecretKeyRing ring;

  @Test
  void theValuesFileHoldsTheSecretInClearForItsOwnerOnly() throws Exception {
    var id = withSealedPassword();
    var desired = reader.read(id).orElseThrow();

    var file =
        valuesFiles.write(desired.release(), desired.generation(), ReleaseValues.build(desired));
    try {
      assertThat(Files.readString(file)).contains("\"password\":\"" + PASSWORD + "\"");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    } finally {
      Files.delete(file);
    }
    assertThat(desired.userValuesJson()).doesNotContain(PASSWORD);
    assertThat(desired.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void theReleaseGetsTheSecretAndNoLogLineHoldsIt() throws Exception {
    var id = withSealedPassword();
    var lines = new ArrayList<String>();
    var capture = capturing(lines);
    var root = Logger.getLogger("");
    var rootLevel = root.getLevel();
    root.setLevel(Level.FINE);
    root.addHandler(capture);
    try {
      step.reconcile(fixtures.claim(id, "create"));
    } finally {
      root.removeHandler(capture);
      root.setLevel(rootLevel);
    }

    var row = fixtures.row(id);
    assertThat(row.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(
            harness
                .client()
                .configMaps()
                .inNamespace(row.namespace())
                .withName(row.release())
                .get()
                .getData())
        .containsEntry("password", PASSWORD)
        .containsEntry("greeting", "hi");
    synchronized (lines) {
      assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
    }
  }

  @Test
  void aHelmErrorQuotingTheSecretShowsTheMaskInTheFailureTheEventAndTheLogs() throws Exception {
    var id =
        withSealedPassword(
            fixtures.deployment(
                fixtures.template(SampleCharts.folder("echo-values", 20)), 1, "{}"));
    var lines = new ArrayList<String>();
    var capture = capturing(lines);
    var root = Logger.getLogger("");
    var rootLevel = root.getLevel();
    root.setLevel(Level.FINE);
    root.addHandler(capture);
    Throwable failure;
    try {
      failure = catchThrowable(() -> step.reconcile(fixtures.claim(id, "create")));
    } finally {
      root.removeHandler(capture);
      root.setLevel(rootLevel);
    }

    assertThat(failure)
        .hasMessageContaining("config.password *** is not accepted here")
        .hasMessageNotContaining(PASSWORD)
        .hasNoCause();
    var events =
        harness.client().v1().events().inNamespace(fixtures.row(id).namespace()).list().getItems();
    assertThat(events)
        .anySatisfy(event -> assertThat(event.getMessage()).contains("*** is not accepted"))
        .allSatisfy(event -> assertThat(event.getMessage()).doesNotContain(PASSWORD));
    synchronized (lines) {
      assertThat(lines).noneMatch(line -> line.contains(PASSWORD));
    }
  }

  @Test
  void ciphertextCopiedFromAnotherDeploymentIsRefusedWithoutRetrying() throws Exception {
    var donor = withSealedPassword();
    var id = fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{}");
    fixtures.change(
        id,
        deployment -> {
          var sealedForDonor = Deployment.<Deployment>findById(donor);
          deployment.userValuesJson = "{\"config\": {\"password\": \"***\"}}";
          deployment.secretValues = sealedForDonor.secretValues;
          deployment.secretValuesKey = sealedForDonor.secretValuesKey;
        });

    assertThatThrownBy(() -> step.reconcile(fixtures.claim(id, "create")))
        .isInstanceOf(PermanentReconcileException.class)
        .hasMessageStartingWith("read: ")
        .hasMessageContaining("does not authenticate")
        .hasMessageNotContaining(PASSWORD);
  }

  /** A deployment of the webapp chart whose config.password is sealed as the API seals it. */
  private long withSealedPassword() throws Exception {
    return withSealedPassword(
        fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), 1, "{}"));
  }

  /** Deployment {@code id} with config.password sealed as the API seals it. */
  private long withSealedPassword(long id) throws Exception {
    var values =
        JSON.readTree("{\"config\": {\"greeting\": \"hi\", \"password\": \"" + PASSWORD + "\"}}");
    fixtures.change(
        id,
        deployment -> {
          var split = SecretValues.split(values, FIELDS);
          var sealed = split.secrets().seal(ring, deployment.deploymentUid);
          deployment.userValuesJson = split.masked().toString();
          deployment.secretValues = sealed.ciphertext();
          deployment.secretValuesKey = sealed.keyId();
        });
    return id;
  }

  private static Handler capturing(List<String> lines) {
    var handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            var line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
              for (var parameter : record.getParameters()) {
                line.append(' ').append(parameter);
              }
            }
            for (var thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
              line.append(' ').append(thrown);
            }
            synchronized (lines) {
              lines.add(line.toString());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    return handler;
  }
}
