package dev.kubedeploy.reconciler.queue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the leases of the jobs this instance runs: heartbeats renew them, and a watchdog gives up a
 * job whose lease could not be renewed before it can expire. Each has a thread of its own, so that
 * neither waits behind the other.
 */
final class LeaseKeeper {

  private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

  private final QueueSettings settings;
  private final LeaseRenewal renewal;
  private final JobWorkers workers;
  private final SucceededJobs succeeded;
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService watchdog;
  private final OutageLog leaseOutage = new OutageLog("renewing leases");

  LeaseKeeper(
      QueueSettings settings, LeaseRenewal renewal, JobWorkers workers, SucceededJobs succeeded) {
    this.settings = settings;
    this.renewal = renewal;
    this.workers = workers;
    this.succeeded = succeeded;
    this.heartbeats = QueueThreads.periodic("reconcile-heartbeat-" + settings.owner());
    this.watchdog = QueueThreads.periodic("reconcile-watchdog-" + settings.owner());
  }

  void start() {
    var heartbeat = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    var tick = settings.watchdogInterval().toMillis();
    watchdog.scheduleWithFixedDelay(this::watch, tick, tick, TimeUnit.MILLISECONDS);
  }

  void stop() {
    heartbeats.shutdownNow();
    watchdog.shutdownNow();
  }

  /**
   * Renews the leases of the jobs still running (and of finished ones not yet marked done). A job
   * past the job timeout is interrupted and no longer renewed, so that it expires and is retried; a
   * job whose lease was taken over is interrupted, since its result will be discarded.
   */
  private void heartbeat() {
    try {
      var claims = new ArrayList<ClaimedJob>();
      var now = System.nanoTime();
      for (var run : workers.runs()) {
        if (now - run.startedNanos > run.job.timeout(settings.jobTimeout()).toNanos()) {
          if (!run.timedOut) {
            run.timedOut = true;
            LOG.warnf(
                "job %d ran longer than %s: interrupting it and letting its lease expire",
                run.job.jobId(), run.job.timeout(settings.jobTimeout()));
            run.interrupt();
          }
        } else if (!run.leaseLost) {
          claims.add(run.job);
        }
      }
      claims.addAll(succeeded.claims());
      if (claims.isEmpty()) {
        return;
      }
      var sent = System.nanoTime();
      var held = renewal.renew(claims);
      leaseOutage.recovered();
      for (var claim : claims) {
        var run = workers.run(claim.epoch());
        if (run == null || run.leaseLost) {
          continue;
        }
        if (held.contains(claim.epoch())) {
          run.renewed(sent + settings.leaseValidityNanos());
        } else {
          run.leaseLost = true;
          LOG.warnf("job %d: lease taken over by another instance; interrupting", claim.jobId());
          run.interrupt();
        }
      }
    } catch (SQLException | RuntimeException e) {
      leaseOutage.failed(e);
    }
  }

  /**
   * Gives up every run whose lease this instance could not renew in time: its worker is
   * interrupted, which kills its helm process tree, before the lease can expire and another
   * instance take the job over and "recover" a release that our helm still works on. On its own
   * thread and without the database, so that neither a slow heartbeat nor an outage delays it.
   */
  private void watch() {
    var now = System.nanoTime();
    for (var run : workers.runs()) {
      if (!run.leaseLost && now - run.validUntilNanos > 0) {
        run.leaseLost = true;
        LOG.warnf(
            "job %d: lease not renewed in time (safety margin %s before it can expire); stopping"
                + " its worker and giving the job up",
            run.job.jobId(), settings.leaseSafetyMargin());
        run.interrupt();
      }
    }
  }
}
