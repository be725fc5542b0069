package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.deployment.ReplicaStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PodStatusesTest {

  private static PodBuilder pod(String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-7d4b9-abcde")
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withStartTime("2026-01-02T03:04:05Z")
        .endStatus();
  }

  private static Pod ready(boolean ready) {
    return pod("Running")
        .editStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .addNewContainerStatus()
        .withName("web")
        .withContainerID("containerd://0123abcd")
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void aReadyRunningPodIsRunningWithItsNodeContainerAndStartTime() {
    var replica = PodStatuses.observe(ready(true));

    assertThat(replica)
        .isEqualTo(
            new ObservedReplica(
                "web-7d4b9-abcde",
                "node-1",
                "containerd://0123abcd",
                ReplicaStatus.RUNNING,
                Instant.parse("2026-01-02T03:04:05Z")));
  }

  @Test
  void aRunningPodThatIsNotReadyIsStillStarting() {
    assertThat(PodStatuses.observe(ready(false)).status()).isEqualTo(ReplicaStatus.STARTING);
  }

  @Test
  void anUnscheduledPodIsPendingAndAScheduledOneStarting() {
    var unscheduled = pod("Pending").editSpec().withNodeName(null).endSpec().build();

    assertThat(PodStatuses.observe(unscheduled).status()).isEqualTo(ReplicaStatus.PENDING);
    assertThat(PodStatuses.observe(pod("Pending").build()).status())
        .isEqualTo(ReplicaStatus.STARTING);
  }

  @Test
  void aCrashLoopingContainerMakesThePodFailed() {
    var crashing =
        pod("Running")
            .editStatus()
            .addNewContainerStatus()
            .withName("web")
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(PodStatuses.observe(crashing).status()).isEqualTo(ReplicaStatus.FAILED);
    assertThat(PodStatuses.observe(pod("Failed").build()).status()).isEqualTo(ReplicaStatus.FAILED);
  }

  @Test
  void aPodBeingDeletedIsStoppingAndACompletedOneStopped() {
    var deleting =
        new PodBuilder(ready(true))
            .editMetadata()
            .withDeletionTimestamp("2026-01-02T03:05:00Z")
            .endMetadata()
            .build();

    assertThat(PodStatuses.observe(deleting).status()).isEqualTo(ReplicaStatus.STOPPING);
    assertThat(PodStatuses.observe(pod("Succeeded").build()).status())
        .isEqualTo(ReplicaStatus.STOPPED);
  }
}
