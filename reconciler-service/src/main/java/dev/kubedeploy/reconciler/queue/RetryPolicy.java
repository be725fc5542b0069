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
 * @param maxTakeovers how many times a job's lease may expire and be taken over (its worker died or
 *     hung while running it); the last takeover makes it dead, so that a reconcile that kills its
 *     worker every time does not go on killing one instance after another
 */
public record RetryPolicy(
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    int maxAttempts,
    int maxTakeovers) {

  /** The number of takeovers after which a job is dead, unless configured otherwise. */
  public static final int DEFAULT_MAX_TAKEOVERS = 3;

  public RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {
    this(initialDelay, multiplier, maxDelay, maxAttempts, DEFAULT_MAX_TAKEOVERS);
  }

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
    if (maxTakeovers < 1) {
      throw new IllegalArgumentException("max takeovers must be at least 1: " + maxTakeovers);
    }
  }

  /** Whether a job that has now failed {@code failures} times gets no further attempt. */
  public boolean exhausted(int failures) {
    return failures >= maxAttempts;
  }

  /** Whether a job whose lease has now been taken over {@code takeovers} times is given up. */
  public boolean tooManyTakeovers(int takeovers) {
    return takeovers >= maxTakeovers;
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
