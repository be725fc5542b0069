package dev.kubedeploy.reconciler.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the reconciler mirrors the cluster's Events (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.cluster-events")
public interface ClusterEventSettings {

  /** Whether the Events of deployments' namespaces are mirrored into the database. */
  @WithDefault("true")
  boolean enabled();

  /** How often the watched Events are compared with what the database holds. */
  @WithDefault("2s")
  Duration interval();

  /**
   * How many Events of one deployment the database keeps (at least 1): the newest, by last
   * occurrence.
   */
  @WithDefault("100")
  int maxPerDeployment();
}
