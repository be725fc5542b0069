package dev.kubedeploy.harness;

import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code helm} binary of one major version against a harness, with its own cache,
 * config and data folders. The binary comes from the system property {@code kubedeploy.helm.path}
 * when it is of the wanted major, otherwise from {@code bin/helm --path <major>}.
 */
final class HelmCli {

  /** What one helm call did. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    String output() {
      return stdout + stderr;
    }
  }

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

  Result run(String... args) {
    var command = new ArrayList<String>();
    command.add(binary.toString());
    command.add("--kubeconfig");
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    return exec(command, home);
  }

  /** The repository root. */
  static Path projectRoot() {
    return ProjectPaths.root();
  }

  static Path chart(String name) {
    return projectRoot().resolve("deploy/sample-charts").resolve(name);
  }

  private static Result exec(List<String> command, Path home) {
    try {
      var builder = new ProcessBuilder(command);
      if (home != null) {
        var environment = builder.environment();
        environment.put("HELM_CACHE_HOME", home.resolve("cache").toString());
        environment.put("HELM_CONFIG_HOME", home.resolve("config").toString());
        environment.put("HELM_DATA_HOME", home.resolve("data").toString());
        environment.put("HOME", home.toString());
      }
      var stdout = Files.createTempFile("helm-out", ".txt");
      var stderr = Files.createTempFile("helm-err", ".txt");
      try {
        var process =
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "helm did not finish within " + DEADLINE + ": " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
