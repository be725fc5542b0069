package dev.kubedeploy.api.deployment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a preview request waits for the reconciler's answer. */
@ConfigMapping(prefix = "app.previews")
public interface PreviewsConfig {

  /**
   * How long {@code POST /deployments/{uid}/preview} waits for the rendered result before it
   * answers 202 with the address to poll; 0 answers 202 at once.
   */
  @WithDefault("15s")
  Duration waitTimeout();

  /** How often the waiting request looks at the preview's row. */
  @WithDefault("200ms")
  Duration pollInterval();
}
