package dev.kubedeploy.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kubedeploy}: the platform's command line (docs/cli.md). */
@TopCommand
@Command(
    name = "kubedeploy",
    mixinStandardHelpOptions = true,
    versionProvider = KubedeployCommand.Version.class,
    description = "Deploy products of the kubedeploy catalog and follow them.",
    subcommands = {
      LoginCommand.class,
      CatalogCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      EventsCommand.class,
      ScaleCommand.class,
      DeleteCommand.class
    })
public class KubedeployCommand {

  /** The command line with the CLI's error handling: what the jar and the tests run. */
  public static CommandLine commandLine() {
    return new CommandLine(new KubedeployCommand())
        .setExecutionExceptionHandler(new ErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The version of the jar, as Maven packaged it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      var version = KubedeployCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kubedeploy " + (version == null ? "(development build)" : version)};
    }
  }
}
