package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.ClusterEventType;
import dev.kubedeploy.model.deployment.DeploymentClusterEvent;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.events.ClusterEventRows;
import dev.kubedeploy.reconciler.kube.ClusterEvent;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's Events of deployments' namespaces, mirrored into the database: releases installed
 * by the real step with real helm, their pods' Events written by the harness's kubelet and
 * controllers, the mirror on (every 200ms, at most 6 rows per deployment).
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = KubeHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.cluster-events.enabled", value = "true"),
      @ResourceArg(name = "app.cluster-events.interval", value = "200ms"),
      @ResourceArg(name = "app.cluster-events.max-per-deployment", value = "6")
    })
class ClusterEventMirrorTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject HelmReconcileStep step;
  @Inject Fixtures fixtures;
  @Inject RunningDeployments running;
  @Inject ClusterEventRows rows;

  @AfterEach
  void healTheCluster() {
    harness.faults().clear();
  }

  private List<String> reasons(long id) {
    return fixtures.clusterEvents(id).stream().map(e -> e.reason).toList();
  }

  @Test
  void aCrashLoopsBackOffLandsOncePerPodAndItsRepeatsRaiseTheCount() throws Exception {
    var id = running.create(2);
    var row = fixtures.row(id);

    harness.faults().failPods(row.namespace(), row.release());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(fixtures.clusterEvents(id))
                    .filteredOn(event -> event.reason.equals("BackOff"))
                    .hasSize(2)
                    .allSatisfy(
                        event -> {
                          assertThat(event.type).isEqualTo(ClusterEventType.WARNING);
                          assertThat(event.involvedKind).isEqualTo("Pod");
                          assertThat(event.involvedName).startsWith(row.release());
                          assertThat(event.message)
                              .startsWith("Back-off restarting failed container");
                          assertThat(event.count).isGreaterThanOrEqualTo(2);
                          assertThat(event.lastSeen).isAfter(event.firstSeen);
                        }));
    var uids = fixtures.clusterEvents(id).stream().map(e -> e.eventUid).toList();
    assertThat(uids).doesNotHaveDuplicates();
  }

  @Test
  void eachDeploymentKeepsItsNewestEventsOnlyAndNeverThePlatformsOwn() throws Exception {
    var id = running.create(2);

    // two pods' Scheduled, Pulled, Created and Started plus the scaling: more than the 6 kept
    await()
        .untilAsserted(
            () -> {
              assertThat(reasons(id)).hasSize(6).contains("Started");
              assertThat(
                      harness
                          .client()
                          .v1()
                          .events()
                          .inNamespace(fixtures.row(id).namespace())
                          .list()
                          .getItems())
                  .hasSizeGreaterThan(6 + 1);
            });
    var kept = fixtures.clusterEvents(id);
    var newestDropped =
        harness
            .client()
            .v1()
            .events()
            .inNamespace(fixtures.row(id).namespace())
            .list()
            .getItems()
            .stream()
            .flatMap(event -> ClusterEvent.of(event).stream())
            .filter(event -> kept.stream().noneMatch(row -> row.eventUid.equals(event.uid())))
            .map(ClusterEvent::lastSeen)
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(kept)
        .allSatisfy(
            row ->
                assertThat(row.lastSeen)
                    .isAfterOrEqualTo(newestDropped.truncatedTo(ChronoUnit.MICROS)));
    assertThat(reasons(id)).doesNotContain("Installed", "Upgraded");
  }

  @Test
  void writingTheSameEventsAgainUpdatesTheirRowsInsteadOfAddingRows() throws Exception {
    var id = running.create(1);
    var first = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
    var uid = UUID.randomUUID().toString();
    var event = backOff(fixtures.row(id).namespace(), uid, "1", 1, first, first);
    var repeated = backOff(fixtures.row(id).namespace(), uid, "2", 5, first, first.plusSeconds(40));

    // what a watch that lists again, or a restarted reconciler, hands the mirror
    rows.write(Map.of(id, List.of(event)));
    rows.write(Map.of(id, List.of(repeated)));
    rows.write(Map.of(id, List.of(event)));

    assertThat(fixtures.clusterEvents(id))
        .filteredOn(row -> row.eventUid.equals(uid))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.count).isEqualTo(5);
              assertThat(row.firstSeen).isEqualTo(first);
              assertThat(row.lastSeen).isEqualTo(first.plusSeconds(40));
            });
  }

  @Test
  void aMessageLongerThanKubernetesAllowsIsCut() throws Exception {
    var id = running.create(1);
    var now = Instant.now();
    var event =
        backOff(fixtures.row(id).namespace(), UUID.randomUUID().toString(), "1", 1, now, now);
    var tooLong =
        new ClusterEvent(
            event.namespace(),
            event.uid(),
            "1",
            false,
            "Pulled",
            "x".repeat(5000),
            "Pod",
            "web-1",
            1,
            now,
            now);

    rows.write(Map.of(id, List.of(tooLong)));

    assertThat(fixtures.clusterEvents(id))
        .filteredOn(row -> row.eventUid.equals(event.uid()))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.type).isEqualTo(ClusterEventType.NORMAL);
              assertThat(row.message)
                  .hasSize(DeploymentClusterEvent.MAX_MESSAGE_LENGTH)
                  .endsWith("...");
            });
  }

  @Test
  void aDeletedDeploymentTakesItsEventsAlong() throws Exception {
    var id = running.create(1);
    await().until(() -> !fixtures.clusterEvents(id).isEmpty());

    fixtures.delete(id);
    step.reconcile(fixtures.claim(id, "delete"));

    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.DELETED);
    assertThat(fixtures.clusterEvents(id)).isEmpty();
    // the mirror does not bring them back from the cache
    await()
        .pollDelay(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(fixtures.clusterEvents(id)).isEmpty());
    assertThat(
            rows.write(
                Map.of(
                    id, List.of(backOff("gone", "x-" + id, "1", 1, Instant.now(), Instant.now())))))
        .isZero();
  }

  private static ClusterEvent backOff(
      String namespace, String uid, String version, int count, Instant first, Instant last) {
    return new ClusterEvent(
        namespace,
        uid,
        version,
        true,
        "BackOff",
        "Back-off restarting failed container web in pod web-1",
        "Pod",
        "web-1",
        count,
        first,
        last);
  }
}
