package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Events the simulated scheduler, kubelet and deployment controller write, worded as the real
 * ones word them, so that what reads a namespace's events sees a cluster's story.
 */
class PodEventsTest {

  @RegisterExtension static final HarnessPerClass cluster = new HarnessPerClass("events");

  @Test
  void aCrashLoopingPodReportsBackOffOnceAndCountsEachRestart() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "crash-loop"));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(events(namespace, "BackOff"))
                    .hasSize(2)
                    .allSatisfy(
                        event -> {
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
                          assertThat(event.getMessage())
                              .startsWith("Back-off restarting failed container web in pod web-")
                              .contains("_" + namespace + "(");
                          assertThat(event.getSource().getComponent()).isEqualTo("kubelet");
                          assertThat(event.getCount()).isGreaterThanOrEqualTo(2);
                          assertThat(event.getLastTimestamp())
                              .isGreaterThan(event.getFirstTimestamp());
                        }));
  }

  @Test
  void anImagePullErrorReportsTheFailedPullAndItsBackOff() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "image-pull-error"));

    await()
        .untilAsserted(
            () -> {
              assertThat(messages(namespace, "Failed"))
                  .contains("Error: ErrImagePull", "Error: ImagePullBackOff")
                  .anySatisfy(
                      message ->
                          assertThat(message).startsWith("Failed to pull image \"nginx:1.27\""));
              assertThat(messages(namespace, "Pulling")).contains("Pulling image \"nginx:1.27\"");
              assertThat(messages(namespace, "BackOff"))
                  .contains("Back-off pulling image \"nginx:1.27\"");
              assertThat(events(namespace, "Started")).isEmpty();
            });
  }

  @Test
  void aNeverReadyPodReportsItsFailingReadinessProbe() {
    var namespace =
        cluster.runAnnotated(Map.of("kubedeploy.dev/harness-pod-failure", "never-ready"));

    await()
        .untilAsserted(
            () ->
                assertThat(events(namespace, "Unhealthy"))
                    .hasSize(2)
                    .allSatisfy(
                        event -> {
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getMessage()).startsWith("Readiness probe failed:");
                        }));
  }

  @Test
  void aHealthyRolloutReportsScalingSchedulingAndStartedContainers() {
    var namespace = cluster.runAnnotated(Map.of());

    await()
        .untilAsserted(
            () -> {
              assertThat(events(namespace, "ScalingReplicaSet"))
                  .singleElement()
                  .satisfies(
                      event -> {
                        assertThat(event.getType()).isEqualTo("Normal");
                        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
                        assertThat(event.getMessage())
                            .matches("Scaled up replica set web-[0-9a-z]+ from 0 to 2");
                      });
              assertThat(messages(namespace, "Scheduled"))
                  .hasSize(2)
                  .allSatisfy(
                      message ->
                          assertThat(message)
                              .startsWith("Successfully assigned " + namespace + "/web-"));
              assertThat(messages(namespace, "Started"))
                  .containsExactly("Started container web", "Started container web");
              assertThat(events(namespace, "BackOff")).isEmpty();
            });
  }

  private static List<Event> events(String namespace, String reason) {
    return cluster.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> reason.equals(event.getReason()))
        .toList();
  }

  private static List<String> messages(String namespace, String reason) {
    return events(namespace, reason).stream().map(Event::getMessage).toList();
  }
}
