package dev.kubedeploy.reconciler.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the reconciler watches live releases' health (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.health")
public interface HealthSettings {

  /** Whether running releases are watched and moved between running and degraded. */
  @WithDefault("true")
  boolean enabled();

  /** How often the watched workloads and pods are compared with the deployments' statuses. */
  @WithDefault("2s")
  Duration interval();

  /**
   * How long replicas may be unready (without failing) before the release counts as degraded: a
   * restarted or rescheduled pod is briefly unready, and that is no news. A failing pod (crash
   * loop, image pull error) makes it degraded at once.
   */
  @WithDefault("15s")
  Duration notReadyGrace();
}
