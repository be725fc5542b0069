package dev.kubedeploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.e2e.chaos.ChaosRun;
import dev.kubedeploy.e2e.chaos.ChaosSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler under faults: three reconcilers, the API, PostgreSQL behind proxies and the
 * harness, while clients churn deployments and reconcilers, connections, the database and the
 * cluster break at random (reproducibly from the printed seed). Once everything is healed and has
 * settled, every invariant of the queue must hold. Heavy, so it runs only when {@code CHAOS=short}
 * (CI) or {@code CHAOS=long} (a soak) asks for it; {@code bin/chaos} runs it.
 */
@EnabledIf("dev.kubedeploy.e2e.chaos.ChaosSettings#enabled")
class ChaosE2E {

  @TempDir static Path work;

  @Test
  void reconcilersUnderFaultsNeitherOverlapNorDivergeNorLoseWrites() throws Exception {
    var result = ChaosRun.run(ChaosSettings.fromEnvironment(), work);

    assertThat(result.overlapping()).as("overlapping helm operations").isZero();
    assertThat(result.diverged()).as("diverged deployments").isZero();
    assertThat(result.orphanedJobs()).as("deployments without a job").isZero();
    assertThat(result.falseFailed()).as("healthy deployments left failed").isZero();
    assertThat(result.leaked()).as("namespaces left for deleted deployments").isZero();
    assertThat(result.lostWrites()).as("acknowledged writes lost").isZero();
  }
}
