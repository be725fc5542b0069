package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * One reconciler instance's queue: claim loops that take as many due jobs as there are free workers
 * (and mark finished ones done in the same statement), a bounded pool of workers that run the step
 * outside any transaction, a lease keeper that renews the leases of running jobs and gives up a job
 * whose lease it could not renew before the lease can expire, a sweep that takes over jobs whose
 * lease expired, and a listener that wakes the claim loop on NOTIFY (with polling as the fallback).
 * Plain Java over a {@link DataSource}, so that tests and the benchmark run several instances in
 * one process.
 */
public final class QueueEngine {

  private static final Logger LOG = Logger.getLogger(QueueEngine.class);

  private final QueueSettings settings;
  private final NotificationListener listener;
  private final WakeSignal wake = new WakeSignal();
  private final JobWorkers workers;
  private final ClaimLoops claimLoops;
  private final LeaseKeeper leaseKeeper;
  private final LeaseSweep leaseSweep;

  /** An engine whose jobs are not traced (tests and the benchmark). */
  public QueueEngine(
      DataSource dataSource, QueueSettings settings, ReconcileStep step, QueueMetrics metrics) {
    this(dataSource, settings, step, metrics, JobTelemetry.UNTRACED);
  }

  /** An engine that runs each job in a span of {@code tracer} ({@link JobTelemetry}). */
  public QueueEngine(
      DataSource dataSource,
      QueueSettings settings,
      ReconcileStep step,
      QueueMetrics metrics,
      Tracer tracer) {
    this(dataSource, settings, step, metrics, new JobTelemetry(tracer));
  }

  private QueueEngine(
      DataSource dataSource,
      QueueSettings settings,
      ReconcileStep step,
      QueueMetrics metrics,
      JobTelemetry telemetry) {
    this.settings = settings;
    var random = RandomGenerator.getDefault();
    var succeeded = new SucceededJobs();
    var ownerShares = new OwnerShares(settings.maxOwnerShare(), settings.concurrency());
    this.listener =
        settings.listen()
            ? new NotificationListener(
                dataSource,
                ReconcileJob.NOTIFY_CHANNEL,
                wake::raise,
                settings.reconnectMaxDelay(),
                "reconcile-listener-" + settings.owner())
            : null;
    this.workers =
        new JobWorkers(
            settings,
            step,
            metrics,
            new JobOutcomes(
                dataSource, settings.owner(), settings.retryPolicy(), random, settings.database()),
            ownerShares,
            succeeded,
            wake,
            telemetry);
    this.claimLoops =
        new ClaimLoops(dataSource, settings, metrics, workers, succeeded, ownerShares, wake);
    this.leaseKeeper =
        new LeaseKeeper(
            settings,
            new LeaseRenewal(dataSource, settings.owner(), settings.lease(), settings.database()),
            workers,
            succeeded);
    this.leaseSweep =
        new LeaseSweep(
            settings,
            new ExpiredLeaseTakeover(
                dataSource, settings.retryPolicy(), random, settings.database()),
            metrics,
            wake);
  }

  /** The notification listener, or null when polling only. */
  public NotificationListener listener() {
    return listener;
  }

  /** Whether the claim loops run and when each last began an iteration (the health checks). */
  public ClaimLoopsStatus claimLoops() {
    return claimLoops.status();
  }

  public void start() {
    LOG.infof(
        "reconcile queue %s starting: %d workers (at most %d per owner), lease %s, poll every %s,"
            + " %s",
        settings.owner(),
        settings.concurrency(),
        OwnerShares.workersPerOwner(settings.maxOwnerShare(), settings.concurrency()),
        settings.lease(),
        settings.pollInterval(),
        listener == null ? "polling only" : "woken by NOTIFY");
    if (listener != null) {
      listener.start();
    }
    claimLoops.start();
    leaseKeeper.start();
    leaseSweep.start();
  }

  /** Makes the claim loop look for due jobs now, without waiting for the poll interval. */
  public void wakeUp() {
    wake.raise();
  }

  /**
   * Graceful stop: no more claims, running jobs get {@code grace} to finish, then their workers are
   * interrupted, which stops their helm processes, and shutdown waits up to the kill wait for them
   * to return, renewing their leases meanwhile. Only then do their jobs go back to the queue for
   * another instance to take: another instance must never find a release pending while a helm of
   * ours still works on it. A worker still running after the kill wait keeps its job, whose lease
   * then expires (the watchdog keeps no helm process alive past it, see {@link LeaseKeeper}).
   */
  public void stop(Duration grace) {
    claimLoops.stop();
    if (listener != null) {
      listener.close();
    }
    claimLoops.join();
    workers.awaitIdle(grace);
    workers.interruptAll();
    leaseKeeper.stop();
    leaseSweep.stop();
    claimLoops.finishLast();
    workers.releaseStopped();
    LOG.infof("reconcile queue %s stopped", settings.owner());
  }
}
