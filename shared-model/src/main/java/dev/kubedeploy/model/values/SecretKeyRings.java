package dev.kubedeploy.model.values;

import dev.kubedeploy.model.deployment.Deployment;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.Config;

/**
 * Gives both services the key ring from {@link SecretsConfig}, and refuses to start one whose ring
 * is malformed or lacks a key that sealed stored values (a one-shot migration run and a migration
 * check need none: they read no secret, and the schema may not hold them yet).
 */
@ApplicationScoped
public class SecretKeyRings {

  @Produces
  @Singleton
  SecretKeyRing ring(SecretsConfig config) {
    return config.keys().map(SecretKeyRing::parse).orElseGet(SecretKeyRing::empty);
  }

  @Transactional
  void check(@Observes StartupEvent event, Config config, SecretKeyRing ring) {
    if (config.getOptionalValue("quarkus.init-and-exit", Boolean.class).orElse(false)
        || config.getOptionalValue("app.migration-check", String.class).isPresent()) {
      return;
    }
    ring.requireKeys(Deployment.secretKeyIdsInUse());
  }
}
