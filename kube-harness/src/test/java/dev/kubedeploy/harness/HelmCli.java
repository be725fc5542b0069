package dev.kubedeploy.harness;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Runs the real {@code helm} binary of one major version against a harness, with its own cache,
 * config and data folders. The binary comes from the system property {@code kubedeploy.helm.path}
 * when it is of the wanted major, otherwise from {@code bin/helm --path <major>}.
 */
final class HelmCli {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  HelmCli(int major, Path kubeconfig, Path home) {
    this(HelmBinary.ofMajor(major), kubeconfig, home);
  }

  HelmCli(Path binary, Path kubeconfig, Path home) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  Command.Result run(String... args) {
    var command = new ArrayList<String>();
    command.add(binary.toString());
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    var environment = new HashMap<>(HelmBinary.homeEnvironment(home));
    environment.put("HOME", home.toString());
    return Command.of(command).environment(environment).run(DEADLINE);
  }

  /** The repository root. */
  static Path projectRoot() {
    return ProjectPaths.root();
  }

  static Path chart(String name) {
    return projectRoot().resolve("deploy/sample-charts").resolve(name);
  }
}
