package dev.kubedeploy.reconciler.helm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A {@link HelmConfig} for tests that build the Helm classes without CDI. */
record TestHelmConfig(
    String binary,
    Path workDir,
    Optional<Path> kubeconfig,
    Optional<Path> localChartDir,
    Duration commandTimeout,
    int outputMaxBytes,
    boolean ociPlainHttpEnabled)
    implements HelmConfig {

  static TestHelmConfig of(String binary, Path workDir) {
    return new TestHelmConfig(
        binary, workDir, Optional.empty(), Optional.empty(), Duration.ofSeconds(30), 65536, false);
  }

  TestHelmConfig withLocalChartDir(Path folder) {
    return new TestHelmConfig(
        binary,
        workDir,
        kubeconfig,
        Optional.of(folder),
        commandTimeout,
        outputMaxBytes,
        ociPlainHttpEnabled);
  }

  TestHelmConfig withOciPlainHttp() {
    return new TestHelmConfig(
        binary, workDir, kubeconfig, localChartDir, commandTimeout, outputMaxBytes, true);
  }

  @Override
  public Duration deadlineGrace() {
    return Duration.ofSeconds(5);
  }

  @Override
  public Duration killGrace() {
    return Duration.ofSeconds(2);
  }

  @Override
  public int dataMaxBytes() {
    return 1 << 20;
  }

  @Override
  public String waitStrategy() {
    return "watcher";
  }

  @Override
  public int historyMax() {
    return 10;
  }
}
