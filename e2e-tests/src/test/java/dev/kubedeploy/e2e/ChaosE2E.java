package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.e2e.chaos.ChaosRun;
import dev.kubedeploy.e2e.chaos.ChaosSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The reconciler under faults: three reconcilers, the API, PostgreSQL behind proxies and the
 * harness, while clients churn deployments and reconcilers, connections, the database and the
 * cluster break at random (reproducibly from the printed seed). Once everything is healed and has
 * settled, every invariant of the queue must hold. Heavy, so it runs only when {@code CHAOS=short}
 * (CI) or {@code CHAOS=long} (a soak) asks for it; {@code bin/chaos} runs it.
 */
@EnabledIf("dev.kubedeploy.e2e.chaos.ChaosSettings#enabled")
class ChaosE2E {

  @Test
  void reconcilersUnderFaultsNeitherOverlapNorDivergeNorLoseWrites() throws Exception {
    var settings = ChaosSettings.fromEnvironment();
    // kept after the run, unlike a temporary folder: the services' logs explain a violation
    var work =
        Files.createDirectories(
            Path.of("target", "chaos", "seed-" + settings.seed() + "-" + System.currentTimeMillis())
                .toAbsolutePath());

    var result = ChaosRun.run(settings, work);

    // a run that churned little or broke little proves nothing
    assertThat(result.deployments())
        .as("deployments churned (seed %d)", settings.seed())
        .isGreaterThanOrEqualTo(settings.deployments() * 9 / 10);
    var tooQuiet =
        "seed %d: the run was too quiet to prove anything, it needs at least %d faults of %d kinds"
            .formatted(settings.seed(), ChaosSettings.MIN_FAULTS, ChaosSettings.MIN_FAULT_KINDS);
    assertThat(result.faults())
        .as("faults injected (%s)", tooQuiet)
        .isGreaterThanOrEqualTo(ChaosSettings.MIN_FAULTS);
    assertThat(result.faultKinds())
        .as("kinds of fault injected (%s)", tooQuiet)
        .hasSizeGreaterThanOrEqualTo(ChaosSettings.MIN_FAULT_KINDS);

    assertThat(result.overlapping()).as("overlapping helm operations").isZero();
    assertThat(result.diverged()).as("diverged deployments").isZero();
    assertThat(result.orphanedJobs()).as("deployments without a job").isZero();
    assertThat(result.falseFailed()).as("healthy deployments left failed").isZero();
    assertThat(result.leaked()).as("namespaces left for deleted deployments").isZero();
    assertThat(result.lostWrites()).as("acknowledged writes lost").isZero();
  }
}
