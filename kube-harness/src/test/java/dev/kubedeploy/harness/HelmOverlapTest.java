package dev.kubedeploy.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.journal.OverlapCounter;
import dev.kubedeploy.harness.journal.ReleaseWrite;
import dev.kubedeploy.testsupport.HelmBinary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlap counter the chaos suite judges the queue with, on writes real helm processes made:
 * two helm processes with identities of their own working on one release at once are counted, one
 * after the other they are not. Without this, a counter that never counts anything would pass every
 * chaos run.
 */
class HelmOverlapTest {

  private static KubeHarness harness;

  @TempDir static Path helmHome;

  @BeforeAll
  static void startHarness() {
    harness = KubeHarness.start();
  }

  @AfterAll
  static void stopHarness() {
    harness.close();
  }

  /**
   * What a lease taken over from a live worker would do: one helm waits for its upgrade's pods
   * (which never turn ready) while another rolls the release back; the first then marks its
   * revision failed, on a release the second has written meanwhile.
   */
  @Test
  void aRollbackWhileAnotherHelmStillWaitsForItsUpgradeIsCountedAsAnOverlap() throws Exception {
    var namespace = "overlap";
    var first = helmAs("writer-a");
    var second = helmAs("writer-b");
    var install = first.run("install", "web", chart(), "-n", namespace, "--create-namespace");
    assertThat(install.succeeded()).as(install.output()).isTrue();
    harness.faults().neverReadyMatching(namespace, "");

    var upgrade =
        CompletableFuture.supplyAsync(
            () ->
                first.run(
                    "upgrade",
                    "web",
                    chart(),
                    "-n",
                    namespace,
                    "--set",
                    "replicaCount=2",
                    "--wait",
                    "--timeout",
                    "15s"));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  writesIn(namespace).stream()
                      .anyMatch(w -> w.writer().equals("writer-a") && w.version() == 2));
      var rollback = second.run("rollback", "web", "1", "-n", namespace);
      assertThat(rollback.succeeded()).as(rollback.output()).isTrue();

      var upgraded = upgrade.get(2, TimeUnit.MINUTES);
      assertThat(upgraded.succeeded()).as(upgraded.output()).isFalse();
    } finally {
      harness.faults().clear();
    }

    assertThat(OverlapCounter.overlaps(writesIn(namespace)))
        .singleElement()
        .satisfies(
            overlap -> {
              assertThat(overlap.release()).isEqualTo(namespace + "/web");
              assertThat(overlap.writer()).isEqualTo("writer-a");
              assertThat(overlap.interloper()).isEqualTo("writer-b");
              assertThat(overlap.revision()).isEqualTo(2);
            });
  }

  @Test
  void helmOperationsOfTwoWritersOneAfterTheOtherAreNoOverlap() {
    var namespace = "in-turn";
    var first = helmAs("writer-c");
    var second = helmAs("writer-d");

    for (var step :
        List.of(
            first.run("install", "web", chart(), "-n", namespace, "--create-namespace"),
            second.run("upgrade", "web", chart(), "-n", namespace, "--set", "replicaCount=2"),
            first.run("rollback", "web", "1", "-n", namespace),
            second.run("uninstall", "web", "-n", namespace))) {
      assertThat(step.succeeded()).as(step.output()).isTrue();
    }

    assertThat(writesIn(namespace))
        .extracting(ReleaseWrite::writer)
        .contains("writer-c", "writer-d");
    assertThat(OverlapCounter.overlaps(writesIn(namespace))).isEmpty();
  }

  /** The platform's helm, acting as a user of its own, as each chaos reconciler does. */
  private static HelmCli helmAs(String writer) {
    return new HelmCli(
        HelmBinary.configuredOrDefault(),
        harness.kubeconfigFor(writer, "system:masters"),
        helmHome.resolve(writer));
  }

  private static String chart() {
    return HelmCli.chart("webapp").toString();
  }

  private static List<ReleaseWrite> writesIn(String namespace) {
    return harness.releaseWrites().writes().stream()
        .filter(w -> w.namespace().equals(namespace))
        .toList();
  }
}
