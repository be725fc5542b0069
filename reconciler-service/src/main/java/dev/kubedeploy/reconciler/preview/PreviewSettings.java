package dev.kubedeploy.reconciler.preview;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How this instance renders previews (docs/configuration.md). */
@ConfigMapping(prefix = "app.previews")
public interface PreviewSettings {

  /** Whether this instance claims and renders previews. */
  @WithDefault("true")
  boolean enabled();

  /** How often pending previews are looked for when no notification came (the fallback). */
  @WithDefault("2s")
  Duration pollInterval();

  /**
   * How long a claim holds a preview: one claimed longer ago (its instance died while rendering) is
   * claimed again. Longer than a render takes (a chart pull and three helm calls).
   */
  @WithDefault("5m")
  Duration claimTimeout();

  /** How long after it was asked for a preview is deleted, rendered or not. */
  @WithDefault("1h")
  Duration retention();

  /** How often expired previews are deleted. */
  @WithDefault("5m")
  Duration pruneInterval();
}
