package dev.kubedeploy.reconciler.queue;

import java.time.Duration;

/**
 * How one queue instance runs, as plain values (the service fills them from {@link QueueConfig};
 * tests and the benchmark build them directly).
 *
 * @param owner this instance's name, written to {@code locked_by}
 * @param concurrency how many jobs run at once; a claim never takes more than the free workers
 * @param lease how long a claimed job stays ours without a heartbeat
 * @param heartbeatInterval how often the leases of running jobs are renewed
 * @param jobTimeout how long one attempt may run before its lease is no longer renewed
 * @param pollInterval the longest wait between claims when no notification arrives
 * @param sweepInterval how often expired leases are looked for
 * @param sweepBatchSize the most expired jobs one sweep takes over
 * @param listen whether to LISTEN for notifications (otherwise only polling wakes the queue)
 * @param reconnectMaxDelay the longest wait between attempts to reconnect the listener
 * @param retryPolicy backoff and attempts of failed jobs
 * @param leaseSafetyMargin how long before its lease could expire a worker that could not renew it
 *     stops its helm processes and gives the job up: it must cover the watchdog's tick, the kill of
 *     the process tree and the drift between this host's clock rate and the database's
 * @param database timeouts of every statement the queue sends
 * @param killWait how long shutdown waits for interrupted workers (and their helm processes) to
 *     exit before it releases their jobs; jobs of workers still running then are not released
 * @param maxOwnerShare the largest fraction of this instance's workers the jobs of one owner (a
 *     deployment's user) may occupy at once, rounded up and at least one worker; 1 turns the cap
 *     off (see {@link OwnerShares})
 */
public record QueueSettings(
    String owner,
    int concurrency,
    Duration lease,
    Duration heartbeatInterval,
    Duration jobTimeout,
    Duration pollInterval,
    Duration sweepInterval,
    int sweepBatchSize,
    boolean listen,
    Duration reconnectMaxDelay,
    RetryPolicy retryPolicy,
    Duration leaseSafetyMargin,
    QueueTimeouts database,
    Duration killWait,
    double maxOwnerShare) {

  /** The share of the workers one owner may occupy unless configured otherwise. */
  public static final double DEFAULT_MAX_OWNER_SHARE = 0.5;

  public QueueSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    if (heartbeatInterval.plus(leaseSafetyMargin).compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "the heartbeat interval ("
              + heartbeatInterval
              + ") plus the safety margin ("
              + leaseSafetyMargin
              + ") must be shorter than the lease ("
              + lease
              + "), or every job is given up before its first renewal");
    }
    if (!(maxOwnerShare > 0 && maxOwnerShare <= 1)) {
      throw new IllegalArgumentException(
          "app.queue.fairness.max-owner-share must be more than 0 and at most 1 (the fraction of"
              + " this instance's workers one owner's jobs may occupy; 1 turns the cap off): "
              + maxOwnerShare);
    }
  }

  /**
   * Settings with the lease safety margin a third of the lease, default database timeouts and no
   * cap per owner (the benchmark's jobs all belong to one user, and it measures the whole pool).
   */
  public QueueSettings(
      String owner,
      int concurrency,
      Duration lease,
      Duration heartbeatInterval,
      Duration jobTimeout,
      Duration pollInterval,
      Duration sweepInterval,
      int sweepBatchSize,
      boolean listen,
      Duration reconnectMaxDelay,
      RetryPolicy retryPolicy) {
    this(
        owner,
        concurrency,
        lease,
        heartbeatInterval,
        jobTimeout,
        pollInterval,
        sweepInterval,
        sweepBatchSize,
        listen,
        reconnectMaxDelay,
        retryPolicy,
        lease.dividedBy(3),
        QueueTimeouts.DEFAULTS,
        Duration.ofSeconds(15),
        1.0);
  }

  /**
   * The longest one iteration of a claim loop can take while it works as it should, also while the
   * database is unreachable or the network partitioned: every try of its round ({@link RaceRetry})
   * and one more step (opening the connection, or resetting a broken one) each allowed the socket
   * timeout, then the poll interval's wait. The liveness check's stall timeout must be longer.
   */
  public Duration longestClaimIteration() {
    return database.socket().multipliedBy(RaceRetry.MAX_TRIES + 1L).plus(pollInterval);
  }

  /** How long after a claim or renewal was sent the lease is surely still held. */
  long leaseValidityNanos() {
    return lease.minus(leaseSafetyMargin).toNanos();
  }

  /** How often the watchdog compares each run's lease validity with the clock. */
  Duration watchdogInterval() {
    var tick = leaseSafetyMargin.dividedBy(4);
    return tick.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : tick;
  }
}
