package dev.kubedeploy.cli;

import dev.kubedeploy.client.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints what went wrong in a command as one readable message on stderr (no stack trace) and
 * returns the exit code that says what kind of failure it was.
 */
public class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    var err = command.getErr();
    if (e instanceof ApiException api) {
      err.println("error: " + ProblemMessage.of(api));
      err.flush();
      return ExitCode.API_ERROR;
    }
    if (e instanceof CliException cli) {
      err.println("error: " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    err.println("error: " + e);
    err.flush();
    return ExitCode.API_ERROR;
  }
}
