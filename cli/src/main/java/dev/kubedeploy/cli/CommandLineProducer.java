package dev.kubedeploy.cli;

import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Makes Quarkus run the same command line as the tests, with the CLI's error handling. */
class CommandLineProducer {

  @Produces
  CommandLine commandLine() {
    return KubedeployCommand.commandLine();
  }
}
