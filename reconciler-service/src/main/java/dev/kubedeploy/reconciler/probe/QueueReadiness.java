package dev.kubedeploy.reconciler.probe;

import dev.kubedeploy.reconciler.queue.QueueConfig;
import dev.kubedeploy.reconciler.queue.QueueLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when this instance's claim loops run and its LISTEN connection is up. A lost LISTEN
 * connection makes the instance not ready although the queue still polls: readiness only gates
 * rollouts and disruption budgets here (nothing but metrics is served), and an instance that finds
 * new jobs only at the poll interval should not replace a working one (docs/operations.md).
 */
@Readiness
@ApplicationScoped
class QueueReadiness implements HealthCheck {

  static final String NAME = "reconcile-queue";

  private final QueueConfig config;
  private final QueueLifecycle lifecycle;

  QueueReadiness(QueueConfig config, QueueLifecycle lifecycle) {
    this.config = config;
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named(NAME);
    if (!config.enabled()) {
      return response.up().withData("enabled", false).build();
    }
    var engine = lifecycle.engine();
    if (engine.isEmpty()) {
      return response.down().withData("claim-loops", "not started").build();
    }
    var loops = engine.get().claimLoops();
    var listener = engine.get().listener();
    var listening = listener == null || listener.connected();
    return response
        .status(loops.running() && listening)
        .withData(
            "claim-loops",
            !loops.active() ? "stopped" : loops.running() ? "running" : "thread ended")
        .withData(
            "listen", listener == null ? "disabled" : listening ? "connected" : "reconnecting")
        .build();
  }
}
