package dev.kubedeploy.reconciler.queue;

import java.util.Locale;

/**
 * The stable reason code (docs/api.md, "Reason codes") for a failed reconcile, read from {@code
 * last_error}: the step that failed, then the words Kubernetes and Helm use for the refusals users
 * can act on. Refusals win over the step (a quota refusal during an upgrade is {@code
 * QuotaExceeded}); an upgrade rolled back (by Helm's {@code --atomic} / {@code
 * --rollback-on-failure}, or by the platform's recovery of a release left pending) is {@code
 * RolledBack} whatever made it fail, since what the cluster runs is the previous revision (the
 * cause stays in {@code last_error}); otherwise a timeout wins over a failed rollout.
 */
public final class FailureReason {

  public static final String CHART_PULL_FAILED = "ChartPullFailed";
  public static final String VALUES_INVALID = "ValuesInvalid";
  public static final String INSTALL_FAILED = "InstallFailed";
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  public static final String UNINSTALL_FAILED = "UninstallFailed";
  public static final String ROLLOUT_TIMED_OUT = "RolloutTimedOut";
  public static final String ROLLED_BACK = "RolledBack";
  public static final String FORBIDDEN = "Forbidden";
  public static final String QUOTA_EXCEEDED = "QuotaExceeded";
  public static final String NAMESPACE_FAILED = "NamespaceFailed";
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  /**
   * The words of the recovery of a release left pending (StuckReleaseRecovery) when it rolls back.
   */
  public static final String ROLLED_BACK_BY_RECOVERY = "; rolled back to revision ";

  private FailureReason() {}

  public static String of(String errorText) {
    if (errorText == null) {
      return RECONCILE_FAILED;
    }
    var text = errorText.toLowerCase(Locale.ROOT);
    if (text.contains("exceeded quota") || text.contains("forbidden: exceeded")) {
      return QUOTA_EXCEEDED;
    }
    if (text.contains("forbidden")) {
      return FORBIDDEN;
    }
    var step = text.contains(":") ? text.substring(0, text.indexOf(':')).trim() : "";
    return switch (step) {
      case "chart" -> CHART_PULL_FAILED;
      case "values" -> VALUES_INVALID;
      case "namespace" -> NAMESPACE_FAILED;
      case "uninstall" -> UNINSTALL_FAILED;
      case "upgrade" -> rollout(text);
      default -> RECONCILE_FAILED;
    };
  }

  private static String rollout(String text) {
    if (text.contains("has been rolled back due to")
        || text.contains("failed and was rolled back")
        || text.contains(ROLLED_BACK_BY_RECOVERY)) {
      return ROLLED_BACK;
    }
    if (text.contains("timed out") || text.contains("context deadline exceeded")) {
      return ROLLOUT_TIMED_OUT;
    }
    return text.startsWith("upgrade: install of") || text.contains("has been uninstalled due to")
        ? INSTALL_FAILED
        : UPGRADE_FAILED;
  }
}
