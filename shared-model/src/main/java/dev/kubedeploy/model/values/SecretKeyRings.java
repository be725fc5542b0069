package dev.kubedeploy.model.values;

import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.catalog.LegacyChartSourceKeys;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.deployment.Deployment;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.Config;

/**
 * Gives both services the key ring from {@link SecretsConfig} and the chart source secrets sealed
 * with it, and refuses to start one whose ring is malformed or lacks a key that sealed stored
 * secrets (a one-shot migration run and a migration check need none: they read no secret, and the
 * schema may not hold them yet).
 */
@ApplicationScoped
public class SecretKeyRings {

  @Produces
  @Singleton
  SecretKeyRing ring(SecretsConfig config) {
    return config.keys().map(SecretKeyRing::parse).orElseGet(SecretKeyRing::empty);
  }

  @Produces
  @Singleton
  ChartSourceSecrets chartSourceSecrets(SecretKeyRing ring, LegacyChartSourceKeys legacy) {
    return new ChartSourceSecrets(
        ring, SecretKeyRing.namedByDigest("app.chart-sources.encryption-key", legacy.all()));
  }

  @Transactional
  void check(
      @Observes StartupEvent event,
      Config config,
      SecretKeyRing ring,
      ChartSourceSecrets chartSources) {
    if (!readsSecrets(config)) {
      return;
    }
    ring.requireKeys(Deployment.secretKeyIdsInUse());
    chartSources.requireKeys(PrivateChartSource.storedSecrets());
  }

  /** Whether this run serves requests or reconciles, rather than only migrating or checking. */
  public static boolean readsSecrets(Config config) {
    return !config.getOptionalValue("quarkus.init-and-exit", Boolean.class).orElse(false)
        && config.getOptionalValue("app.migration-check", String.class).isEmpty();
  }
}
