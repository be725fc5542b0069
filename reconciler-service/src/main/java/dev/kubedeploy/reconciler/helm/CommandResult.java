package dev.kubedeploy.reconciler.helm;

import java.time.Duration;

/**
 * How a child process ended.
 *
 * @param stdoutTruncated whether the start of stdout was dropped to stay within the bound
 */
record CommandResult(
    int exitCode, String stdout, boolean stdoutTruncated, String stderr, Duration elapsed) {

  boolean succeeded() {
    return exitCode == 0;
  }
}
