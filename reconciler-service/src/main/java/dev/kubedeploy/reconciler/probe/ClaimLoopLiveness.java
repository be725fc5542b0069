package dev.kubedeploy.reconciler.probe;

import dev.kubedeploy.reconciler.queue.QueueConfig;
import dev.kubedeploy.reconciler.queue.QueueLifecycle;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live unless a claim loop is stuck: one that has not begun an iteration for longer than {@code
 * app.probes.claim-loop-stall-timeout} (a hang no timeout of ours bounds, a thread that died) is
 * only fixed by a restart. A database outage never fails it: a round that fails on the database
 * ends its iteration like any other, and restarting the pod would not bring the database back.
 */
@Liveness
@ApplicationScoped
class ClaimLoopLiveness implements HealthCheck {

  static final String NAME = "claim-loops";

  private final QueueConfig config;
  private final QueueLifecycle lifecycle;
  private final ProbeSettings settings;

  ClaimLoopLiveness(QueueConfig config, QueueLifecycle lifecycle, ProbeSettings settings) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.settings = settings;
  }

  /** Refuses a stall timeout that a healthy loop waiting out a database outage could exceed. */
  void checkStallTimeout(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    // the bound depends on the timeouts only, not on the instance name
    var longest = config.settings("").longestClaimIteration();
    if (settings.claimLoopStallTimeout().compareTo(longest) <= 0) {
      throw new IllegalStateException(
          "app.probes.claim-loop-stall-timeout ("
              + settings.claimLoopStallTimeout()
              + ") must be longer than a claim loop's longest healthy iteration ("
              + longest
              + ": app.queue.poll-interval + 6 x app.queue.database.socket-timeout), or liveness"
              + " restarts pods that only wait for the database");
    }
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named(NAME).up();
    var engine = lifecycle.engine();
    if (!config.enabled() || engine.isEmpty()) {
      return response.withData("running", false).build();
    }
    var loops = engine.get().claimLoops();
    var threshold = settings.claimLoopStallTimeout();
    response
        .withData("running", loops.running())
        .withData("stall-timeout-ms", threshold.toMillis());
    for (var loop : loops.loops()) {
      response.withData(loop.name(), loop.sinceIteration().toMillis());
    }
    return response.status(loops.stalledLongerThan(threshold).isEmpty()).build();
  }
}
