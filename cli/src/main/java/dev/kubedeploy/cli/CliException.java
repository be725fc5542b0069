package dev.kubedeploy.cli;

/** A failure the CLI reports in one line, with the exit code that says what kind it was. */
public class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
