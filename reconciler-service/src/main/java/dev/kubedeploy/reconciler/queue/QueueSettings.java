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
    RetryPolicy retryPolicy) {

  public QueueSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    if (heartbeatInterval.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "the heartbeat interval (" + heartbeatInterval + ") must be shorter than the lease");
    }
  }
}
