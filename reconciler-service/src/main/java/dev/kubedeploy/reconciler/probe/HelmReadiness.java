package dev.kubedeploy.reconciler.probe;

import dev.kubedeploy.reconciler.helm.HelmCli;
import dev.kubedeploy.reconciler.helm.HelmConfig;
import dev.kubedeploy.reconciler.preview.PreviewSettings;
import dev.kubedeploy.reconciler.queue.QueueConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready when the helm binary runs and is a supported version, on an instance that runs helm (the
 * queue or previews enabled). {@code helm version} runs at start and, until it succeeds, every
 * {@code app.probes.helm-check-interval}; a probe only reads the outcome, and never starts a
 * process. Once known, the version is kept: the binary ships in the image.
 */
@Readiness
@ApplicationScoped
class HelmReadiness implements HealthCheck {

  static final String NAME = "helm";

  private static final Logger LOG = Logger.getLogger(HelmReadiness.class);

  private final HelmCli helm;
  private final HelmConfig helmConfig;
  private final boolean runsHelm;

  /** The last check's outcome; null before the first. */
  private volatile Outcome outcome;

  /** The version found ({@code works}), or why helm did not run. */
  private record Outcome(boolean works, String text) {}

  HelmReadiness(HelmCli helm, HelmConfig helmConfig, QueueConfig queue, PreviewSettings previews) {
    this.helm = helm;
    this.helmConfig = helmConfig;
    this.runsHelm = queue.enabled() || previews.enabled();
  }

  @Scheduled(
      every = "${app.probes.helm-check-interval:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    var last = outcome;
    if (!runsHelm || (last != null && last.works())) {
      return;
    }
    try {
      outcome = new Outcome(true, helm.version().toString());
    } catch (RuntimeException e) {
      if (last == null) {
        LOG.warnf("helm does not run (%s): this instance is not ready", e.getMessage());
      }
      outcome = new Outcome(false, e.getMessage());
    }
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named(NAME);
    if (!runsHelm) {
      return response.up().withData("used", false).build();
    }
    response.withData("binary", helmConfig.binary());
    var last = outcome;
    if (last == null) {
      return response.down().withData("error", "not checked yet").build();
    }
    return last.works()
        ? response.up().withData("version", last.text()).build()
        : response.down().withData("error", last.text()).build();
  }
}
