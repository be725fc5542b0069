package dev.kubedeploy.reconciler.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The reconcile queue's settings (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.queue")
public interface QueueConfig {

  /** Whether this instance claims and runs reconcile jobs (needs a ReconcileStep bean). */
  @WithDefault("true")
  boolean enabled();

  /** The name written to locked_by; defaults to the pod name, or host name and process id. */
  Optional<String> instanceName();

  /** How many jobs this instance runs at once. */
  @WithDefault("8")
  int concurrency();

  /** The longest wait between two looks for due jobs when no notification arrives. */
  @WithDefault("1s")
  Duration pollInterval();

  /** How long one attempt may run before its lease is no longer renewed and it is retried. */
  @WithDefault("30m")
  Duration jobTimeout();

  /** Leases of running jobs. */
  Lease lease();

  /** Wake-up by LISTEN/NOTIFY. */
  Listen listen();

  /** Backoff of failed jobs. */
  Retry retry();

  /** Graceful shutdown. */
  Shutdown shutdown();

  /** Periodic resync of live deployments. */
  Resync resync();

  /** Deletion of finished jobs. */
  Prune prune();

  /** Queue depth metrics. */
  Metrics metrics();

  /** Timeouts of the queue's own statements. */
  Database database();

  /** How the workers are shared between the owners of deployments. */
  Fairness fairness();

  /** Leases of running jobs. */
  interface Lease {

    /** How long a claimed job stays this instance's without a heartbeat. */
    @WithDefault("30s")
    Duration duration();

    /** How often the leases of running jobs are renewed. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * How long before its lease could expire a worker that could not renew it stops its helm
     * processes and gives the job up; heartbeat interval plus this must be less than the lease.
     */
    @WithDefault("15s")
    Duration safetyMargin();

    /** How often expired leases (dead or hung workers) are looked for and taken over. */
    @WithDefault("5s")
    Duration sweepInterval();

    /** The most expired jobs one sweep takes over. */
    @WithDefault("100")
    int sweepBatchSize();
  }

  /** Wake-up by LISTEN/NOTIFY. */
  interface Listen {

    /** Whether to LISTEN for new jobs; when false only polling finds them. */
    @WithDefault("true")
    boolean enabled();

    /** The longest wait between attempts to reconnect the listening connection. */
    @WithDefault("30s")
    Duration reconnectMaxDelay();
  }

  /** Backoff of failed jobs. */
  interface Retry {

    /** The cap of the first retry's delay (the delay is drawn between zero and the cap). */
    @WithDefault("5s")
    Duration initialDelay();

    /** How much the cap grows with every further failure. */
    @WithDefault("2.0")
    double multiplier();

    /** The largest cap of a retry's delay. */
    @WithDefault("5m")
    Duration maxDelay();

    /** How many attempts a job gets in all before it is dead and the deployment failed. */
    @WithDefault("8")
    int maxAttempts();

    /**
     * How many times a job's lease may expire and be taken over (its worker died or hung while
     * running it) before the job is dead and the deployment failed: a reconcile that kills its
     * worker every time (out of memory, a crash) is not run again on one instance after another.
     * Takeovers use no attempt.
     */
    @WithDefault("" + RetryPolicy.DEFAULT_MAX_TAKEOVERS)
    int maxTakeovers();
  }

  /** Graceful shutdown. */
  interface Shutdown {

    /** How long running jobs may finish at shutdown before their workers are interrupted. */
    @WithDefault("20s")
    Duration gracePeriod();

    /**
     * How long shutdown then waits for interrupted workers and their helm processes to exit before
     * it releases their jobs; jobs of workers still running after it are left to expire.
     */
    @WithDefault("30s")
    Duration killWait();
  }

  /** Periodic resync of live deployments. */
  interface Resync {

    /** Whether running and stopped deployments are reconciled again periodically. */
    @WithDefault("true")
    boolean enabled();

    /** A deployment not reconciled for this long gets a resync, spread over the next interval. */
    @WithDefault("10m")
    Duration interval();

    /** How often deployments due for a resync are looked for. */
    @WithDefault("1m")
    Duration checkInterval();

    /** The most resyncs one check queues. */
    @WithDefault("500")
    int batchSize();
  }

  /** Deletion of finished jobs. */
  interface Prune {

    /** How long done and dead jobs are kept. */
    @WithDefault("24h")
    Duration retention();

    /** How often finished jobs past the retention are deleted. */
    @WithDefault("5m")
    Duration interval();

    /** How many jobs one delete statement removes. */
    @WithDefault("5000")
    int batchSize();
  }

  /** Queue depth metrics. */
  interface Metrics {

    /** How often the number of jobs per status is counted for the depth gauge. */
    @WithDefault("15s")
    Duration depthInterval();
  }

  /** Timeouts of the queue's own statements. */
  interface Database {

    /** The longest one of the queue's statements may run on the server. */
    @WithDefault("8s")
    Duration statementTimeout();

    /** The longest one of the queue's statements may wait for a row lock. */
    @WithDefault("3s")
    Duration lockTimeout();

    /** The longest a read of the queue's from the database may block (a dead network). */
    @WithDefault("10s")
    Duration socketTimeout();
  }

  /** How the workers are shared between the owners of deployments. */
  interface Fairness {

    /**
     * The largest fraction of this instance's workers the jobs of one owner (a deployment's user)
     * may occupy at once, rounded up and at least one; 1 turns the cap off.
     */
    @WithDefault("" + QueueSettings.DEFAULT_MAX_OWNER_SHARE)
    double maxOwnerShare();
  }

  /** The engine's settings for an instance named {@code owner}. */
  default QueueSettings settings(String owner) {
    return new QueueSettings(
        owner,
        concurrency(),
        lease().duration(),
        lease().heartbeatInterval(),
        jobTimeout(),
        pollInterval(),
        lease().sweepInterval(),
        lease().sweepBatchSize(),
        listen().enabled(),
        listen().reconnectMaxDelay(),
        new RetryPolicy(
            retry().initialDelay(),
            retry().multiplier(),
            retry().maxDelay(),
            retry().maxAttempts(),
            retry().maxTakeovers()),
        lease().safetyMargin(),
        new QueueTimeouts(
            database().statementTimeout(), database().lockTimeout(), database().socketTimeout()),
        shutdown().killWait(),
        fairness().maxOwnerShare());
  }
}
