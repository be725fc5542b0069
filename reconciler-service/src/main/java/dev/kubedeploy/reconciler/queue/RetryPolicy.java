package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a failed job runs again: exponential backoff with full jitter (a delay drawn uniformly
 * between zero and the capped exponential), so that jobs that failed together do not retry
 * together.
 *
 * @param initialDelay the cap of the first retry's delay
 * @param multiplier how much the cap grows with every further failure
 * @param maxDelay the largest cap
 * @param maxAttempts how many attempts a job gets in all; the last failure makes it dead
 */
public record RetryPolicy(
    Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {

  public RetryPolicy {
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initial delay <= max delay");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1: " + maxAttempts);
    }
  }

  /** Whether a job that has now failed {@code failures} times gets no further attempt. */
  public boolean exhausted(int failures) {
    return failures >= maxAttempts;
  }

  /**
   * The largest delay before the attempt that follows failure number {@code failures} (1-based).
   */
  public Duration cap(int failures) {
    var exponent = Math.max(0, failures - 1);
    var millis = initialDelay.toMillis() * Math.pow(multiplier, exponent);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  /** The delay before the attempt that follows failure number {@code failures}: in [0, cap]. */
  public Duration delay(int failures, RandomGenerator random) {
    var cap = cap(failures).toMillis();
    return Duration.ofMillis(cap == 0 ? 0 : random.nextLong(cap + 1));
  }
}
