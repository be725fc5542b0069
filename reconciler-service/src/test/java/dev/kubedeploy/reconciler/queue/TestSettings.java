package dev.kubedeploy.reconciler.queue;

import java.time.Duration;

/** Queue settings scaled down for tests (short leases and polls, fast retries), adjustable. */
final class TestSettings {

  private final String owner;
  private int concurrency = 8;
  private Duration lease = Duration.ofSeconds(10);
  private Duration heartbeat = Duration.ofSeconds(2);
  private Duration safetyMargin = Duration.ofSeconds(3);
  private QueueTimeouts timeouts = QueueTimeouts.DEFAULTS;
  private Duration killWait = Duration.ofSeconds(30);
  private Duration jobTimeout = Duration.ofMinutes(5);
  private Duration poll = Duration.ofMillis(200);
  private Duration sweep = Duration.ofMillis(300);
  private boolean listen = true;
  private double maxOwnerShare = QueueSettings.DEFAULT_MAX_OWNER_SHARE;
  private RetryPolicy retry =
      new RetryPolicy(Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 3);

  private TestSettings(String owner) {
    this.owner = owner;
  }

  static TestSettings owner(String owner) {
    return new TestSettings(owner);
  }

  TestSettings concurrency(int value) {
    concurrency = value;
    return this;
  }

  /** A lease, its heartbeat, and a safety margin of a quarter of the lease. */
  TestSettings lease(Duration value, Duration heartbeatInterval) {
    return lease(value, heartbeatInterval, value.dividedBy(4));
  }

  TestSettings lease(Duration value, Duration heartbeatInterval, Duration margin) {
    lease = value;
    heartbeat = heartbeatInterval;
    safetyMargin = margin;
    return this;
  }

  TestSettings killWait(Duration value) {
    killWait = value;
    return this;
  }

  TestSettings timeouts(QueueTimeouts value) {
    timeouts = value;
    return this;
  }

  TestSettings jobTimeout(Duration value) {
    jobTimeout = value;
    return this;
  }

  TestSettings poll(Duration value) {
    poll = value;
    return this;
  }

  TestSettings listen(boolean value) {
    listen = value;
    return this;
  }

  TestSettings maxOwnerShare(double value) {
    maxOwnerShare = value;
    return this;
  }

  TestSettings retry(RetryPolicy value) {
    retry = value;
    return this;
  }

  QueueSettings build() {
    return new QueueSettings(
        owner,
        concurrency,
        lease,
        heartbeat,
        jobTimeout,
        poll,
        sweep,
        100,
        listen,
        Duration.ofMillis(500),
        retry,
        safetyMargin,
        timeouts,
        killWait,
        maxOwnerShare);
  }
}
