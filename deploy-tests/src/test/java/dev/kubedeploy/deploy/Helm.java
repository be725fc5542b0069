package dev.kubedeploy.deploy;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
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
    return new Helm(HelmBinary.configuredOrDefault().toString());
  }

  /**
   * Every helm the chart must work with: the configured one, or Helm 4 and Helm 3 from bin/helm.
   */
  static List<Helm> supported() {
    return HelmBinary.isConfigured() ? List.of(configured()) : List.of(ofMajor(4), ofMajor(3));
  }

  private static Helm ofMajor(int major) {
    return new Helm(HelmBinary.ofMajor(major).toString());
  }

  Command.Result run(List<String> arguments) {
    var command = new ArrayList<String>();
    command.add(binary);
    command.addAll(arguments);
    return Command.of(command).directory(Repository.root()).run(DEADLINE);
  }

  @Override
  public String toString() {
    return binary;
  }
}
