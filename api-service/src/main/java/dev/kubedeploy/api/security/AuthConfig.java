package dev.kubedeploy.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may call the API besides the users an admin created. */
@ConfigMapping(prefix = "app.auth")
public interface AuthConfig {

  /** Users created on their first request. */
  AutoProvision autoProvision();

  /**
   * A token subject that is made an admin of the default tenant on its first request (created if
   * missing, promoted if not yet an admin): how a new installation gets its first admin.
   */
  Optional<String> bootstrapAdminSubject();

  /** Creating users from unknown token subjects. */
  interface AutoProvision {

    /**
     * Whether an unknown subject becomes a (non-admin) user of the default tenant instead of 403.
     */
    @WithDefault("false")
    boolean enabled();
  }
}
