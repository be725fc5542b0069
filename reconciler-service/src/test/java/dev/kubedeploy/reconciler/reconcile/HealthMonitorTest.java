package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.harness.PodFailure;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.deployment.ReplicaStatus;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health after install: releases installed by the real step with real helm, then their pods made
 * sick by the harness; the health check (on, every 200ms) moves the deployments between running and
 * degraded by itself, without a job.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = KubeHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.health.enabled", value = "true"),
      @ResourceArg(name = "app.health.interval", value = "200ms"),
      @ResourceArg(name = "app.health.not-ready-grace", value = "1s")
    })
class HealthMonitorTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject Fixtures fixtures;
  @Inject RunningDeployments running;

  @AfterEach
  void healTheCluster() {
    harness.faults().clear();
  }

  private DeploymentStatus status(long id) {
    return fixtures.row(id).status();
  }

  private long transitions(long id, String from, String to) {
    return fixtures.history(id).stream()
        .filter(line -> line.startsWith(from + " -> " + to))
        .count();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void crashLoopingPodsMakeTheDeploymentDegradedAndItRecoversByItselfWhenTheyHeal()
      throws Exception {
    var id = running.create(2);
    var row = fixtures.row(id);

    harness.faults().failPods(row.namespace(), row.release());

    await().until(() -> status(id) == DeploymentStatus.DEGRADED);
    var reason = fixtures.statusReason(id);
    assertThat(reason.code()).isEqualTo("CrashLoopBackOff");
    assertThat(reason.message()).contains("0/2 replicas ready").contains(row.release());
    await()
        .untilAsserted(
            () ->
                assertThat(fixtures.replicas(id))
                    .hasSize(2)
                    .allSatisfy(r -> assertThat(r.status).isEqualTo(ReplicaStatus.FAILED)));
    // the pods keep crashing and the check keeps looking: the history has the change once
    await()
        .pollDelay(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(transitions(id, "running", "degraded")).isOne());

    assertThat(kubedeployEvents(row.namespace()))
        .anySatisfy(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo("CrashLoopBackOff");
              assertThat(event.getInvolvedObject().getKind()).isEqualTo("Namespace");
              assertThat(event.getInvolvedObject().getName()).isEqualTo(row.namespace());
            });

    harness.faults().clear();

    await().until(() -> status(id) == DeploymentStatus.RUNNING);
    assertThat(transitions(id, "running", "degraded")).isOne();
    assertThat(transitions(id, "degraded", "running")).isOne();
    assertThat(fixtures.history(id)).last().asString().contains("recovered: 2/2 replicas ready");
    assertThat(fixtures.statusReason(id).code()).isEqualTo("Recovered");
    assertThat(kubedeployEvents(row.namespace()))
        .extracting(Event::getReason)
        .contains("Installed", "CrashLoopBackOff", "Recovered");
  }

  /** The Events the reconciler wrote in the namespace. */
  private List<Event> kubedeployEvents(String namespace) {
    return harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(event -> "kubedeploy".equals(event.getReportingComponent()))
        .toList();
  }

  @Test
  void anImageThatCannotBePulledIsNamedAsTheReason() throws Exception {
    var id = running.create(1);
    var row = fixtures.row(id);

    harness.faults().failPods(row.namespace(), row.release(), PodFailure.IMAGE_PULL_BACK_OFF);

    await().until(() -> status(id) == DeploymentStatus.DEGRADED);
    assertThat(fixtures.statusReason(id).code()).isEqualTo("ImagePullBackOff");
    assertThat(fixtures.statusReason(id).message()).contains("Back-off pulling image");
  }

  @Test
  void replicasThatStayUnreadyBeyondTheGraceMakeTheDeploymentDegraded() throws Exception {
    var id = running.create(1);
    var row = fixtures.row(id);

    harness.faults().neverReady(row.namespace(), row.release());

    await().until(() -> status(id) == DeploymentStatus.DEGRADED);
    assertThat(fixtures.statusReason(id).code()).isEqualTo("ReplicasNotReady");
    assertThat(fixtures.statusReason(id).message()).contains("0/1 replicas ready");
  }

  @Test
  void aDeploymentWhoseDesiredStateChangedIsLeftToTheReconciler() throws Exception {
    var id = running.create(1);
    var row = fixtures.row(id);
    fixtures.change(id, deployment -> deployment.targetReplicas = 2);

    harness.faults().failPods(row.namespace(), row.release());
    await()
        .until(
            () ->
                harness.client().pods().inNamespace(row.namespace()).list().getItems().stream()
                    .allMatch(pod -> "Running".equals(pod.getStatus().getPhase()) && !ready(pod)));

    // the pods crash-loop, but a newer generation waits for its reconcile: not the check's to judge
    await()
        .pollDelay(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(fixtures.replicas(id))
                    .allSatisfy(r -> assertThat(r.status).isEqualTo(ReplicaStatus.RUNNING)));
    assertThat(status(id)).isEqualTo(DeploymentStatus.PENDING);
    assertThat(transitions(id, "running", "degraded")).isZero();
  }
}
