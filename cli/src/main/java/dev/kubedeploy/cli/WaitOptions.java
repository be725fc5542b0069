package dev.kubedeploy.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout}, shared by the commands that change a deployment. */
public class WaitOptions {

  @Option(
      names = "--wait",
      description =
          "follow the deployment until the cluster has it (exit 0), it failed (exit 3) or"
              + " --timeout passed (exit 4)")
  boolean wait;

  @Option(
      names = "--timeout",
      defaultValue = "PT5M",
      description = "how long --wait waits, ISO-8601 (PT90S, PT10M). Default: ${DEFAULT-VALUE}")
  Duration timeout;
}
