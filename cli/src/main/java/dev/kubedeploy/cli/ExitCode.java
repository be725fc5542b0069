package dev.kubedeploy.cli;

/** The CLI's exit codes (docs/cli.md, "Exit codes"): scripts branch on them. */
public final class ExitCode {

  /** Done; with --wait: the deployment reached the state asked for. */
  public static final int OK = 0;

  /** The API refused the request (a problem answer) or could not be reached. */
  public static final int API_ERROR = 1;

  /** The command line is wrong (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** With --wait: the deployment failed. */
  public static final int FAILED = 3;

  /** With --wait: the deployment did not get there within --timeout. */
  public static final int TIMEOUT = 4;

  /** No stored login, or one that cannot be read. */
  public static final int NOT_LOGGED_IN = 5;

  private ExitCode() {}
}
