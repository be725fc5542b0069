package dev.kubedeploy.api.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a production service that cannot verify bearer tokens, or would accept tokens
 * minted for another service (no audience): only the dev and test profiles come with a key (the dev
 * key) and an audience. A one-shot migration run ({@code quarkus.init-and-exit}) and a migration
 * check (which runs without an HTTP listener, {@code quarkus.http.host-enabled=false}) serve no
 * requests and need none.
 */
@ApplicationScoped
class JwtSettingsCheck {

  void check(@Observes StartupEvent event, Config config) {
    if (LaunchMode.current() != LaunchMode.NORMAL
        || config.getOptionalValue("quarkus.init-and-exit", Boolean.class).orElse(false)
        || !config.getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(true)) {
      return;
    }
    var missing = new ArrayList<String>();
    if (config.getOptionalValue("mp.jwt.verify.issuer", String.class).isEmpty()) {
      missing.add("mp.jwt.verify.issuer");
    }
    if (config.getOptionalValue("mp.jwt.verify.audiences", String.class).isEmpty()) {
      missing.add("mp.jwt.verify.audiences");
    }
    if (config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isEmpty()
        && config.getOptionalValue("mp.jwt.verify.publickey", String.class).isEmpty()) {
      missing.add("mp.jwt.verify.publickey.location (or mp.jwt.verify.publickey)");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Bearer tokens cannot be verified: set " + String.join(" and ", missing));
    }
  }
}
