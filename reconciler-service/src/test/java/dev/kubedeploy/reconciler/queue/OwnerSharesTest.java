package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OwnerSharesTest {

  private static final long OWNER = 7;

  @Test
  void anOwnersShareIsRoundedUpToWholeWorkersAndIsAtLeastOne() {
    assertThat(OwnerShares.workersPerOwner(0.5, 8)).isEqualTo(4);
    assertThat(OwnerShares.workersPerOwner(0.5, 3)).isEqualTo(2);
    assertThat(OwnerShares.workersPerOwner(0.3, 10)).isEqualTo(3);
    assertThat(OwnerShares.workersPerOwner(0.01, 8)).isEqualTo(1);
    assertThat(OwnerShares.workersPerOwner(0.5, 1)).isEqualTo(1);
    assertThat(OwnerShares.workersPerOwner(1.0, 8)).isEqualTo(8);
  }

  @Test
  void aShareThatRoundsUpToEveryWorkerCapsNothing() {
    assertThat(new OwnerShares(1.0, 8).reserve(8).unlimited()).isTrue();
    assertThat(new OwnerShares(0.8, 8).reserve(8).unlimited()).isFalse();
    assertThat(new OwnerShares(0.9, 8).reserve(8).unlimited()).isTrue();
  }

  @Test
  void twoRoundsInFlightCannotTogetherClaimMoreThanTheShareOfOneOwner() {
    var shares = new OwnerShares(0.5, 8);

    var first = shares.reserve(8);
    var second = shares.reserve(8);

    assertThat(first.of(OWNER)).isEqualTo(4);
    assertThat(second.of(OWNER)).isZero();
    shares.claimed(first, jobsOf(OWNER, 3));
    shares.abandoned(second);
    assertThat(shares.reserve(8).of(OWNER)).isEqualTo(1);
  }

  @Test
  void aFinishedJobGivesItsOwnerTheWorkerBack() {
    var shares = new OwnerShares(0.5, 4);
    var jobs = jobsOf(OWNER, 2);
    shares.claimed(shares.reserve(4), jobs);
    assertThat(shares.reserve(4).of(OWNER)).isZero();

    var later = new OwnerShares(0.5, 4);
    later.claimed(later.reserve(4), jobs);
    later.finished(jobs.getFirst());

    assertThat(later.reserve(4).of(OWNER)).isEqualTo(1);
  }

  @Test
  void anOwnerShareOutsideZeroToOneIsRefusedAtStart() {
    for (var share : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> TestSettings.owner("refused").maxOwnerShare(share).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "app.queue.fairness.max-owner-share must be more than 0 and at most 1");
    }
  }

  private static List<ClaimedJob> jobsOf(long owner, int count) {
    return LongStream.rangeClosed(1, count)
        .mapToObj(
            id ->
                new ClaimedJob(
                    id,
                    id,
                    id,
                    owner,
                    "create",
                    0,
                    Instant.EPOCH,
                    Instant.EPOCH,
                    false,
                    Duration.ZERO,
                    "deployment-" + id,
                    1,
                    Map.of()))
        .toList();
  }
}
