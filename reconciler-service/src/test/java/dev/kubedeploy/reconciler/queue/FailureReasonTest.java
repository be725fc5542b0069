package dev.kubedeploy.reconciler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonTest {

  @Test
  void theStepThatFailedNamesTheReason() {
    assertThat(FailureReason.of("chart: failed to fetch https://charts/web-0.1.0.tgz : 404"))
        .isEqualTo("ChartPullFailed");
    assertThat(FailureReason.of("values: /replicaCount must be an integer"))
        .isEqualTo("ValuesInvalid");
    assertThat(FailureReason.of("namespace: wiki is not ours")).isEqualTo("NamespaceFailed");
    assertThat(FailureReason.of("uninstall: release: not found")).isEqualTo("UninstallFailed");
    assertThat(FailureReason.of("record: connection reset")).isEqualTo("ReconcileFailed");
    assertThat(FailureReason.of(null)).isEqualTo("ReconcileFailed");
  }

  @Test
  void aFailedRolloutIsAnInstallOrAnUpgradeAndATimeoutSaysSo() {
    assertThat(
            FailureReason.of(
                "upgrade: install of template 1.0 (generation 1) failed and was uninstalled:"
                    + " release web failed, and has been uninstalled due to rollback-on-failure"))
        .isEqualTo("InstallFailed");
    assertThat(
            FailureReason.of("upgrade: UPGRADE FAILED: cannot patch \"web\" with kind Deployment"))
        .isEqualTo("UpgradeFailed");
    assertThat(FailureReason.of("upgrade: timed out waiting for the condition"))
        .isEqualTo("RolloutTimedOut");
  }

  @Test
  void anUpgradeRolledBackIsRolledBackWhateverMadeItFail() {
    assertThat(
            FailureReason.of(
                "upgrade: upgrade to template 2.0 (generation 2) failed and was rolled back:"
                    + " context deadline exceeded"))
        .isEqualTo("RolledBack");
    assertThat(
            FailureReason.of(
                "upgrade: release web failed, and has been rolled back due to atomic being set:"
                    + " timed out waiting for the condition"))
        .isEqualTo("RolledBack");
    assertThat(
            FailureReason.of(
                "upgrade: UPGRADE FAILED: cannot patch \"web\" (after recovery: release was stuck"
                    + " in pending-upgrade at revision 2; rolled back to revision 1)"))
        .isEqualTo("RolledBack");
  }

  @Test
  void refusalsUsersCanActOnWinOverTheStep() {
    assertThat(
            FailureReason.of(
                "upgrade: pods \"web-1\" is forbidden: exceeded quota: kubedeploy-quota,"
                    + " requested: requests.cpu=2"))
        .isEqualTo("QuotaExceeded");
    assertThat(
            FailureReason.of(
                "upgrade: deployments.apps is forbidden: User \"system:serviceaccount:x:y\""
                    + " cannot create resource"))
        .isEqualTo("Forbidden");
  }
}
