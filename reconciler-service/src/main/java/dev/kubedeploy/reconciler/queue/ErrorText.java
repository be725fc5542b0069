package dev.kubedeploy.reconciler.queue;

/**
 * How a failure is written to {@code last_error}: a step's failure as its message (the step and the
 * informative cause), anything else as the exception's simple name and its message.
 */
final class ErrorText {

  /** Long Helm outputs are cut: the column is for people, the logs keep the rest. */
  static final int MAX_LENGTH = 4000;

  private ErrorText() {}

  static String of(Throwable error) {
    var message = error.getMessage();
    var text =
        error instanceof StepFailure && message != null && !message.isBlank()
            ? message
            : error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }
}
