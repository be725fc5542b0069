package dev.kubedeploy.reconciler.reconcile;

/**
 * The reason codes of the statuses the reconciler sets when nothing failed (failures take theirs
 * from {@code FailureReason}, degraded releases from their pods); documented in docs/api.md.
 */
final class StatusReasons {

  static final String PROGRESSING = "Progressing";
  static final String RECONCILIATION_SUCCEEDED = "ReconciliationSucceeded";
  static final String SCALED_TO_ZERO = "ScaledToZero";
  static final String RECOVERED = "Recovered";
  static final String UNINSTALLED = "Uninstalled";

  /** What the status message column holds at most. */
  static final int MAX_MESSAGE_LENGTH = 4000;

  private StatusReasons() {}

  static String bounded(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
