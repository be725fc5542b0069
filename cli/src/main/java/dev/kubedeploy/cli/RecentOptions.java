package dev.kubedeploy.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The deployment and how many of its newest entries {@code history} and {@code events} show. */
public class RecentOptions {

  @Parameters(paramLabel = "UID", description = "the deployment_uid")
  String uid;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "how many, newest first (at most 200). Default: ${DEFAULT-VALUE}")
  int limit;
}
