package dev.kubedeploy.reconciler.helm;

import java.time.Duration;
import java.util.List;

/** A child process ran past its deadline and was killed. */
class CommandDeadlineException extends RuntimeException {

  private final String stderr;

  CommandDeadlineException(List<String> command, Duration deadline, String stderr) {
    super(command.getFirst() + " ran past its deadline of " + deadline + " and was killed");
    this.stderr = stderr;
  }

  String stderr() {
    return stderr;
  }
}
