package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5);

  @Test
  void capGrowsByTheMultiplierFromTheInitialDelayUpToTheMaxDelay() {
    assertThat(policy.cap(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.cap(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.cap(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.cap(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(policy.cap(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.cap(1_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyDelayLiesBetweenZeroAndTheCap() {
    var random = new Random(42);
    for (var failures = 1; failures <= 10; failures++) {
      for (var i = 0; i < 1_000; i++) {
        assertThat(policy.delay(failures, random)).isBetween(Duration.ZERO, policy.cap(failures));
      }
    }
  }

  @Test
  void delaysAreSpreadUniformlyOverTheWholeRange() {
    var random = new Random(7);
    var samples = 20_000;
    var cap = policy.cap(4).toMillis();
    var buckets = new int[10];
    var sum = 0L;
    for (var i = 0; i < samples; i++) {
      var delay = policy.delay(4, random).toMillis();
      sum += delay;
      buckets[(int) Math.min(9, delay * 10 / (cap + 1))]++;
    }
    assertThat((double) sum / samples).isCloseTo(cap / 2.0, within(cap * 0.02));
    for (var bucket : buckets) {
      assertThat(bucket).isBetween(samples / 10 * 85 / 100, samples / 10 * 115 / 100);
    }
  }

  @Test
  void aJobIsExhaustedOnceItFailedMaxAttemptsTimes() {
    assertThat(policy.exhausted(4)).isFalse();
    assertThat(policy.exhausted(5)).isTrue();
    assertThat(new RetryPolicy(Duration.ZERO, 1.0, Duration.ZERO, 1).exhausted(1)).isTrue();
  }

  @Test
  void aZeroInitialDelayRetriesAtOnce() {
    var immediate = new RetryPolicy(Duration.ZERO, 2.0, Duration.ZERO, 3);
    assertThat(immediate.delay(2, new Random(1))).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsPoliciesThatCannotWork() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(9), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(9), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
