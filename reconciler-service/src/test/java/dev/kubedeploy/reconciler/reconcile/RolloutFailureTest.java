package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutFailureTest {

  private static final DesiredDeployment UPGRADE =
      new DesiredDeployment(
          1,
          "web-a-1",
          "web-a-1",
          "web-a-1",
          DeploymentStatus.RECONCILING,
          4,
          1,
          null,
          "{}",
          "acme",
          "web",
          new DesiredDeployment.Template(12, "2.0", "webapp", "0.2.0", null, "{}", null, "{}", 5),
          Optional.empty(),
          11L,
          3L,
          SecretValues.none());

  @Test
  void aRolledBackUpgradeSaysWhichTemplateFailedAndWhichStays() {
    var helm =
        "UPGRADE FAILED: release web-a-1 failed, and has been rolled back due to atomic being"
            + " set: context deadline exceeded";

    var failure = RolloutFailure.of(helm).orElseThrow();

    assertThat(failure.firstInstall()).isFalse();
    assertThat(failure.describe(UPGRADE, helm))
        .startsWith("upgrade to template 2.0 (generation 4) failed and was rolled back")
        .contains("template id 11 stays applied")
        .endsWith("context deadline exceeded");
  }

  @Test
  void anUninstalledFirstInstallIsRecognised() {
    var helm =
        "INSTALLATION FAILED: release web-a-1 failed, and has been uninstalled due to atomic"
            + " being set: timed out waiting for the condition";

    assertThat(RolloutFailure.of(helm)).contains(new RolloutFailure(true));
  }

  @Test
  void helm4sWordingIsRecognisedToo() {
    var upgrade =
        "UPGRADE FAILED: release web-a-1 failed, and has been rolled back due to"
            + " rollback-on-failure being set: resource Deployment/web-a-1/web-a-1 not ready."
            + " status: InProgress, message: Pending termination: 1\ncontext deadline exceeded";
    var install =
        "release n4 failed, and has been uninstalled due to rollback-on-failure being set:"
            + " resource Deployment/h4/n4-never-ready not ready. status: InProgress, message:"
            + " Available: 0/1\ncontext deadline exceeded";

    assertThat(RolloutFailure.of(upgrade)).contains(new RolloutFailure(false));
    assertThat(RolloutFailure.of(install)).contains(new RolloutFailure(true));
  }

  @Test
  void aFailureHelmDidNotUndoIsNoRolloutFailure() {
    assertThat(RolloutFailure.of("UPGRADE FAILED: parse error at (x.yaml:1)")).isEmpty();
  }
}
