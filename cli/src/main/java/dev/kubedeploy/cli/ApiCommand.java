package dev.kubedeploy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the API as the stored login; it prints to picocli's streams. */
public abstract class ApiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    run(Session.of(CliConfig.load(CliConfig.file(System.getenv()))));
    return ExitCode.OK;
  }

  /** Does the command's work; exceptions of the generated client become problem messages. */
  protected abstract void run(Session session) throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
