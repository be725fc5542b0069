package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReleaseHealthTest {

  private static ObservedReplica ready(String pod) {
    return new ObservedReplica(pod, "node", "c", ReplicaStatus.RUNNING, null);
  }

  private static ObservedReplica failing(String pod, String problem, String message) {
    return new ObservedReplica(pod, "node", "c", ReplicaStatus.FAILED, null, problem, message);
  }

  @Test
  void aReleaseWithEveryReplicaReadyIsHealthy() {
    var health =
        ReleaseHealth.of(new ObservedRelease(List.of(ready("web-1"), ready("web-2")), 2, 2));

    assertThat(health.healthy()).isTrue();
    assertThat(health.reason()).isNull();
  }

  @Test
  void crashLoopingPodsAreTheReasonAndAreNamedWithKubernetesWords() {
    var health =
        ReleaseHealth.of(
            new ObservedRelease(
                List.of(
                    ready("web-1"),
                    failing("web-2", "CrashLoopBackOff", "back-off 10s restarting failed")),
                2,
                1));

    assertThat(health.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(health.message())
        .isEqualTo("1/2 replicas ready; CrashLoopBackOff: web-2 (back-off 10s restarting failed)");
    assertThat(health.affectedPods()).containsExactly("web-2");
  }

  @Test
  void theMostCommonProblemNamesTheStateAndTheOthersAreListed() {
    var health =
        ReleaseHealth.of(
            new ObservedRelease(
                List.of(
                    failing("web-1", "ImagePullBackOff", null),
                    failing("web-2", "CrashLoopBackOff", null),
                    failing("web-3", "CrashLoopBackOff", null)),
                3,
                0));

    assertThat(health.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(health.message())
        .contains("ImagePullBackOff: web-1")
        .contains("CrashLoopBackOff: web-2, web-3");
    assertThat(health.affectedPods()).containsExactly("web-1", "web-2", "web-3");
  }

  @Test
  void unreadyReplicasWithoutAFailureAreReplicasNotReady() {
    var starting = new ObservedReplica("web-2", "node", null, ReplicaStatus.STARTING, null);

    var health = ReleaseHealth.of(new ObservedRelease(List.of(ready("web-1"), starting), 2, 1));

    assertThat(health.reason()).isEqualTo(ReleaseHealth.REPLICAS_NOT_READY);
    assertThat(health.onlyNotReady()).isTrue();
    assertThat(health.message()).isEqualTo("1/2 replicas ready; not ready: web-2");
    assertThat(health.affectedPods()).containsExactly("web-2");
  }

  @Test
  void aHundredFailingPodsNameAFewAndTheMessageStaysBounded() {
    var pods =
        IntStream.range(0, 100)
            .mapToObj(i -> failing("web-" + i, "CrashLoopBackOff", "x".repeat(2000)))
            .toList();

    var health = ReleaseHealth.of(new ObservedRelease(pods, 100, 0));

    assertThat(health.message()).contains("and 95 more").hasSizeLessThanOrEqualTo(1000);
    assertThat(health.affectedPods()).hasSize(100);
  }
}
