package dev.kubedeploy.api.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The API's own metrics. */
@ConfigMapping(prefix = "app.metrics")
public interface MetricsConfig {

  /** The queued-jobs gauge. */
  QueuedJobs queuedJobs();

  /** The gauge of reconcile jobs waiting to be claimed. */
  interface QueuedJobs {

    /** How long a count is reused before the next scrape counts again. */
    @WithDefault("5s")
    Duration maxAge();
  }
}
