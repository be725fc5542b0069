package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.catalog.ChartSourceSecretException;
import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.reconciler.helm.ChartCredentials;
import dev.kubedeploy.reconciler.helm.ChartVerificationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Reads the login of the chart source a template version references and opens its secret, at the
 * moment the chart is fetched (so a rotated password is used by the next reconcile).
 */
@ApplicationScoped
public class ChartCredentialsReader {

  private final ChartSourceSecrets secrets;

  ChartCredentialsReader(ChartSourceSecrets secrets) {
    this.secrets = secrets;
  }

  /** The credentials of template version {@code templateId}'s chart source, or none. */
  @Transactional
  public ChartCredentials forTemplate(long templateId) {
    return ProductTemplateVersion.<ProductTemplateVersion>find(
            "from ProductTemplateVersion t left join fetch t.chartSource where t.id = ?1",
            templateId)
        .firstResultOptional()
        .map(template -> template.chartSource)
        .map(this::credentials)
        .orElse(ChartCredentials.NONE);
  }

  private ChartCredentials credentials(PrivateChartSource source) {
    var caBundle = Optional.ofNullable(source.caBundle);
    return switch (source.auth) {
      case NONE ->
          new ChartCredentials(Optional.empty(), Optional.empty(), Optional.empty(), caBundle);
      case BASIC ->
          new ChartCredentials(
              Optional.of(source.username),
              Optional.of(secret(source)),
              Optional.empty(),
              caBundle);
      case TOKEN ->
          new ChartCredentials(
              Optional.empty(), Optional.empty(), Optional.of(secret(source)), caBundle);
    };
  }

  private String secret(PrivateChartSource source) {
    try {
      return secrets.open(source.secretCiphertext, source.name);
    } catch (ChartSourceSecretException e) {
      throw new ChartVerificationException(e.getMessage(), e);
    }
  }
}
