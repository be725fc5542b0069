package dev.kubedeploy.reconciler.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubedeploy.model.values.SecretFields;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.ReleaseValues;
import dev.kubedeploy.reconciler.helm.ChartResolver;
import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.kube.ReleaseSecrets;
import dev.kubedeploy.reconciler.reconcile.ChartCredentialsReader;
import dev.kubedeploy.reconciler.reconcile.DesiredStateReader.PreviewedDeployment;
import dev.kubedeploy.reconciler.reconcile.ValuesFiles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a preview: the chart resolved, the values built and the chart rendered exactly as a
 * reconcile of the previewed state would (the same resolver, values and values file), then compared
 * with the manifest of the release the cluster has. Nothing is written to the cluster and no lease
 * is taken: {@code helm template} runs offline, and the release is only read.
 */
@ApplicationScoped
public class PreviewRenderer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_LENGTH = 4000;

  private final ChartResolver charts;
  private final ChartCredentialsReader credentials;
  private final ValuesFiles valuesFiles;
  private final HelmCli helm;
  private final ReleaseSecrets releases;

  PreviewRenderer(
      ChartResolver charts,
      ChartCredentialsReader credentials,
      ValuesFiles valuesFiles,
      HelmCli helm,
      ReleaseSecrets releases) {
    this.charts = charts;
    this.credentials = credentials;
    this.valuesFiles = valuesFiles;
    this.helm = helm;
    this.releases = releases;
  }

  /**
   * The objects the previewed change adds, removes or changes.
   *
   * @throws PreviewFailedException with Helm's or the platform's words, secrets redacted
   */
  public PreviewResult render(PreviewedDeployment previewed) throws PreviewFailedException {
    var desired = previewed.desired();
    var secrets = new ArrayList<>(List.of(desired.secrets(), previewed.currentSecrets()));
    try {
      var template = desired.template();
      var chart =
          charts.resolve(
              template.chartRef(),
              template.chartVersion(),
              template.chartDigest(),
              credentials.forTemplate(template.id()));
      var values = ReleaseValues.build(desired);
      var applied = appliedManifest(desired);
      var valuesFile = valuesFiles.write(desired.release(), desired.generation(), values);
      String rendered;
      try {
        rendered =
            helm.template(
                desired.release(),
                desired.namespace(),
                chart.path(),
                valuesFile,
                applied.isPresent());
      } finally {
        Files.deleteIfExists(valuesFile);
      }
      if (applied.isPresent()) {
        secrets.add(appliedSecrets(desired));
      }
      return ManifestDiff.between(
          applied.orElse(""), rendered, desired.namespace(), new SecretMask(secrets));
    } catch (IOException | RuntimeException e) {
      throw new PreviewFailedException(new SecretMask(secrets).redact(describe(e)), e);
    }
  }

  /**
   * The manifest of the release's current revision; empty before the deployment was first applied,
   * or when its release is gone.
   */
  private Optional<String> appliedManifest(DesiredDeployment desired) {
    if (desired.appliedGeneration() == null) {
      return Optional.empty();
    }
    var stored = releases.read(desired.release(), desired.namespace());
    return stored.history().isEmpty() ? Optional.empty() : Optional.of(stored.manifest());
  }

  /**
   * The secret values the applied revision was given, which may differ from those stored now
   * (changed since, not yet applied): the applied manifest may show them.
   */
  private SecretValues appliedSecrets(DesiredDeployment desired) throws IOException {
    var schema = desired.template().valuesSchemaJson();
    if (schema == null || schema.isBlank()) {
      return SecretValues.none();
    }
    var fields = SecretFields.of(JSON.readTree(schema));
    JsonNode supplied = JSON.readTree(helm.suppliedValues(desired.release(), desired.namespace()));
    return SecretValues.split(supplied, fields).secrets();
  }

  /** The failure's own words (Helm's come bounded already), cut to a length a reader takes in. */
  private static String describe(Exception e) {
    var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() <= MAX_ERROR_LENGTH
        ? message
        : message.substring(0, MAX_ERROR_LENGTH) + " [...]";
  }
}
