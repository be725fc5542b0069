package dev.kubedeploy.api.chartsource;

import dev.kubedeploy.model.catalog.ChartSourceSecrets;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import dev.kubedeploy.model.values.SecretKeyRings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Re-seals, at start, every chart source secret not sealed with the key ring's first key: those of
 * an older key after a rotation, and those version 4 sealed with {@code
 * app.chart-sources.encryption-key}. Unlike a deployment's values, nobody rewrites a chart source
 * in the normal course, so without this an old key could never be removed.
 */
@ApplicationScoped
public class ChartSourceResealing {

  private static final Logger LOG = Logger.getLogger(ChartSourceResealing.class);

  private final ChartSourceSecrets secrets;

  ChartSourceResealing(ChartSourceSecrets secrets) {
    this.secrets = secrets;
  }

  void atStart(@Observes StartupEvent event, Config config) {
    if (!SecretKeyRings.readsSecrets(config) || !secrets.canSeal()) {
      return;
    }
    var resealed = resealAll();
    if (resealed > 0) {
      LOG.infof("re-sealed %d chart source secret(s) with the current key", resealed);
    }
  }

  /** Re-seals each stale secret in one transaction; returns how many it re-sealed. */
  @Transactional
  public int resealAll() {
    var resealed = 0;
    for (var source : PrivateChartSource.<PrivateChartSource>list("secretCiphertext is not null")) {
      if (secrets.sealedWithCurrentKey(source.secretCiphertext)) {
        continue;
      }
      source.secretCiphertext =
          secrets.seal(secrets.open(source.secretCiphertext, source.name), source.name);
      source.updatedAt = Instant.now();
      resealed++;
    }
    return resealed;
  }
}
