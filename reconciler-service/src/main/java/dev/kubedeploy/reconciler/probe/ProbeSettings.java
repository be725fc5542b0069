package dev.kubedeploy.reconciler.probe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The reconciler's own readiness and liveness checks (docs/operations.md, "Health checks";
 * docs/configuration.md lists every key).
 */
@ConfigMapping(prefix = "app.probes")
public interface ProbeSettings {

  /**
   * How long a claim loop may go without beginning an iteration before liveness fails; must be
   * longer than the longest healthy iteration (poll interval + 6 x the queue's socket timeout).
   */
  @WithDefault("2m")
  Duration claimLoopStallTimeout();

  /** How often {@code helm version} is tried again while it has not succeeded yet. */
  @WithDefault("1m")
  Duration helmCheckInterval();
}
