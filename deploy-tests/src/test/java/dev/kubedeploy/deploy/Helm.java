package dev.kubedeploy.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The helm binary the tests run: the one named by the system property {@code kubedeploy.helm.path},
 * otherwise the one {@code bin/helm --path MAJOR} provides.
 */
record Helm(String binary) {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  /** The configured helm, or Helm 4 from bin/helm. */
  static Helm configured() {
    var property = System.getProperty("kubedeploy.helm.path");
    return property == null || property.isBlank() ? ofMajor(4) : new Helm(property);
  }

  /**
   * Every helm the chart must work with: the configured one, or Helm 4 and Helm 3 from bin/helm.
   */
  static List<Helm> supported() {
    var property = System.getProperty("kubedeploy.helm.path");
    return property == null || property.isBlank()
        ? List.of(ofMajor(4), ofMajor(3))
        : List.of(new Helm(property));
  }

  private static Helm ofMajor(int major) {
    var result =
        Command.run(
            List.of(Repository.path("bin/helm").toString(), "--path", Integer.toString(major)),
            DEADLINE);
    if (!result.succeeded()) {
      throw new IllegalStateException("bin/helm --path " + major + " failed: " + result.output());
    }
    return new Helm(result.stdout().strip());
  }

  Command.Result run(List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(binary);
    command.addAll(arguments);
    return Command.run(command, DEADLINE);
  }

  @Override
  public String toString() {
    return binary;
  }
}
