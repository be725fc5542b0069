package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import java.util.Optional;

/**
 * A rollout Helm undid itself (Helm 3 {@code --atomic}, Helm 4 {@code --rollback-on-failure}): an
 * upgrade rolled back to the previous revision, or a first install uninstalled. Recognised by the
 * wording both versions use: "release X failed, and has been rolled back due to ..." and "... has
 * been uninstalled due to ...".
 */
record RolloutFailure(boolean firstInstall) {

  static Optional<RolloutFailure> of(String helmMessage) {
    if (helmMessage.contains("has been rolled back due to")) {
      return Optional.of(new RolloutFailure(false));
    }
    if (helmMessage.contains("has been uninstalled due to")) {
      return Optional.of(new RolloutFailure(true));
    }
    return Optional.empty();
  }

  /** The message users see in {@code last_error} and the history. */
  String describe(DesiredDeployment desired, String helmMessage) {
    var change =
        "template "
            + desired.template().versionLabel()
            + " (generation "
            + desired.generation()
            + ")";
    if (firstInstall) {
      return "install of " + change + " failed and was uninstalled: " + helmMessage;
    }
    var kept =
        desired.appliedTemplateId() == null
            ? "the previous revision stays"
            : "template id " + desired.appliedTemplateId() + " stays applied";
    return "upgrade to " + change + " failed and was rolled back, " + kept + ": " + helmMessage;
  }
}
