package dev.kubedeploy.api.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start the packaged service in the dev profile, which trusts the dev key and makes
 * {@code dev-admin} an admin, unless {@code app.local-run=true} says that this is a local run (as
 * {@code bin/platform} and the local-run instructions do): a production image started with {@code
 * QUARKUS_PROFILE=dev} by mistake must not come up.
 */
@ApplicationScoped
class LocalRunCheck {

  void check(@Observes StartupEvent event, Config config) {
    refusal(
            LaunchMode.current(),
            config.unwrap(SmallRyeConfig.class).getProfiles(),
            config.getOptionalValue("app.local-run", Boolean.class).orElse(false))
        .ifPresent(
            message -> {
              throw new IllegalStateException(message);
            });
  }

  /** Why a start in {@code mode} with {@code profiles} is refused, or empty when it is not. */
  static Optional<String> refusal(LaunchMode mode, Collection<String> profiles, boolean localRun) {
    if (mode == LaunchMode.NORMAL && profiles.contains("dev") && !localRun) {
      return Optional.of(
          "The packaged service refuses the dev profile (it trusts the dev key): set"
              + " app.local-run=true for a local run, or start it without the dev profile");
    }
    return Optional.empty();
  }
}
