package dev.kubedeploy.reconciler.queue;

/** A job a worker is running. */
final class RunningJob {

  final ClaimedJob job;
  final long claimedNanos;
  final long startedNanos = System.nanoTime();
  volatile Thread worker;
  volatile boolean timedOut;

  /** Taken over by another instance, or given up by the watchdog: no more renewals. */
  volatile boolean leaseLost;

  /**
   * Until when (System.nanoTime(), a monotonic clock) the lease is surely still ours: the start of
   * the last claim or renewal that succeeded, plus the lease, minus the safety margin. The database
   * set the lease's end from its own now(), which was later than that start.
   */
  volatile long validUntilNanos;

  RunningJob(ClaimedJob job, long claimedNanos, long validUntilNanos) {
    this.job = job;
    this.claimedNanos = claimedNanos;
    this.validUntilNanos = validUntilNanos;
  }

  synchronized void renewed(long validUntil) {
    if (validUntil - validUntilNanos > 0) {
      validUntilNanos = validUntil;
    }
  }

  /** Stops the worker (and so its helm processes), if it has started. */
  void interrupt() {
    var thread = worker;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
