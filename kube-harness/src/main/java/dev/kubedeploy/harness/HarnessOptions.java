package dev.kubedeploy.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Knobs of a {@link KubeHarness}. Start from {@link #defaults()} and change what a test needs.
 *
 * @param port the port to listen on (on 127.0.0.1), 0 for a free one
 * @param kubeconfig where to write the kubeconfig, or null for a temporary file removed on close
 * @param podStartDelay how long a new pod stays {@code Pending} before it runs, 0 for at once
 * @param kubernetesVersion the version {@code /version} reports (charts' {@code kubeVersion}
 *     constraints are checked against it)
 * @param requestLog receives one line per request ({@code GET /api/v1/... 200}), or null
 */
public record HarnessOptions(
    int port,
    Path kubeconfig,
    Duration podStartDelay,
    String kubernetesVersion,
    Consumer<String> requestLog) {

  public HarnessOptions {
    Objects.requireNonNull(podStartDelay, "podStartDelay");
    Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
  }

  public static HarnessOptions defaults() {
    return new HarnessOptions(0, null, Duration.ZERO, "v1.34.0", null);
  }

  public HarnessOptions withPort(int port) {
    return new HarnessOptions(port, kubeconfig, podStartDelay, kubernetesVersion, requestLog);
  }

  public HarnessOptions withKubeconfig(Path kubeconfig) {
    return new HarnessOptions(port, kubeconfig, podStartDelay, kubernetesVersion, requestLog);
  }

  public HarnessOptions withPodStartDelay(Duration podStartDelay) {
    return new HarnessOptions(port, kubeconfig, podStartDelay, kubernetesVersion, requestLog);
  }

  public HarnessOptions withKubernetesVersion(String kubernetesVersion) {
    return new HarnessOptions(port, kubeconfig, podStartDelay, kubernetesVersion, requestLog);
  }

  public HarnessOptions withRequestLog(Consumer<String> requestLog) {
    return new HarnessOptions(port, kubeconfig, podStartDelay, kubernetesVersion, requestLog);
  }
}
