package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes over, periodically and on a thread of its own, the jobs of any instance whose lease expired
 * (dead or hung workers), and wakes the claim loop when it put jobs back in the queue.
 */
final class LeaseSweep {

  private static final Logger LOG = Logger.getLogger(LeaseSweep.class);

  private final QueueSettings settings;
  private final ExpiredLeaseTakeover takeover;
  private final QueueMetrics metrics;
  private final WakeSignal wake;
  private final ScheduledExecutorService sweeps;

  LeaseSweep(
      QueueSettings settings,
      ExpiredLeaseTakeover takeover,
      QueueMetrics metrics,
      WakeSignal wake) {
    this.settings = settings;
    this.takeover = takeover;
    this.metrics = metrics;
    this.wake = wake;
    this.sweeps = QueueThreads.periodic("reconcile-sweep-" + settings.owner());
  }

  void start() {
    var sweep = settings.sweepInterval().toMillis();
    sweeps.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  void stop() {
    sweeps.shutdownNow();
  }

  private void sweep() {
    try {
      var takeovers = takeover.takeOverExpired(settings.sweepBatchSize());
      for (var taken : takeovers) {
        metrics.takeovers.increment();
        metrics.count(taken.outcome());
        LOG.warnf(
            "job %d of deployment %d: lease of %s expired, taken over -> %s",
            taken.jobId(), taken.deploymentId(), taken.previousOwner(), taken.outcome());
      }
      if (!takeovers.isEmpty()) {
        // after shutdown closed the signal, raising it wakes nobody
        wake.raise();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debugf("lease sweep failed: %s", e);
    }
  }
}
