package dev.kubedeploy.cli;

import dev.kubedeploy.client.ApiException;
import dev.kubedeploy.client.api.DeploymentsApi;
import dev.kubedeploy.client.model.DeploymentRead;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Follows a deployment until the reconciler has brought the cluster where it was asked to ({@code
 * --wait}), printing each change of status as it happens.
 */
final class Convergence {

  /** How often the deployment is read while waiting. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** The statuses a converged, not deleted deployment ends in. */
  private static final Set<String> SETTLED = Set.of("running", "stopped");

  private final DeploymentsApi deployments;
  private final PrintWriter progress;

  Convergence(DeploymentsApi deployments, PrintWriter progress) {
    this.deployments = deployments;
    this.progress = progress;
  }

  /** Waits until its newest generation is applied and it runs (or is stopped at 0 replicas). */
  DeploymentRead untilApplied(String uid, Duration timeout) throws ApiException {
    return until(uid, timeout, "running", Convergence::applied);
  }

  /** Waits until the release is uninstalled and the deployment marked deleted. */
  DeploymentRead untilDeleted(String uid, Duration timeout) throws ApiException {
    return until(uid, timeout, "deleted", d -> "deleted".equals(status(d)));
  }

  static boolean applied(DeploymentRead deployment) {
    return SETTLED.contains(status(deployment))
        && Objects.equals(deployment.getAppliedGeneration(), deployment.getGeneration());
  }

  private DeploymentRead until(
      String uid, Duration timeout, String goal, Predicate<DeploymentRead> done)
      throws ApiException {
    var deadline = System.nanoTime() + timeout.toNanos();
    String shown = null;
    while (true) {
      var deployment = deployments.getDeployment(uid);
      var line = Describe.progress(deployment);
      if (!line.equals(shown)) {
        progress.println(uid + ": " + line);
        progress.flush();
        shown = line;
      }
      if (done.test(deployment)) {
        return deployment;
      }
      if ("failed".equals(status(deployment))) {
        throw new CliException(
            ExitCode.FAILED,
            uid
                + " failed: "
                + Objects.requireNonNullElse(deployment.getLastError(), "no error given"));
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCode.TIMEOUT,
            uid + " is not " + goal + " after " + timeout + " (status " + status(deployment) + ")");
      }
      sleep();
    }
  }

  static String status(DeploymentRead deployment) {
    return deployment.getStatus() == null ? null : deployment.getStatus().getValue();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_INTERVAL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.TIMEOUT, "interrupted while waiting");
    }
  }
}
