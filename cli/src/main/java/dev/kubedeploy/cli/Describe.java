package dev.kubedeploy.cli;

import dev.kubedeploy.client.model.DeploymentRead;

/** How a deployment reads in the CLI's tables and progress lines. */
final class Describe {

  private Describe() {}

  /** The status and, once known, how many replicas are ready: {@code running, 2/2 ready}. */
  static String progress(DeploymentRead deployment) {
    var text = new StringBuilder(String.valueOf(Convergence.status(deployment)));
    text.append(", generation ").append(deployment.getGeneration());
    if (deployment.getAppliedGeneration() != null) {
      text.append(" (applied ").append(deployment.getAppliedGeneration()).append(')');
    }
    var replicas = replicas(deployment);
    if (replicas != null) {
      text.append(", ").append(replicas).append(" ready");
    }
    return text.toString();
  }

  /** {@code ready/desired}, or null before the reconciler has observed any. */
  static String replicas(DeploymentRead deployment) {
    var observed = deployment.getReplicas();
    if (observed == null || observed.getDesired() == null) {
      return null;
    }
    return observed.getReady() + "/" + observed.getDesired();
  }

  /** One row per deployment: what {@code status} and the commands that change one print. */
  static Table table(DeploymentRead... deployments) {
    var table =
        new Table(
            "UID", "NAME", "PRODUCT", "STATUS", "GENERATION", "APPLIED", "REPLICAS", "LAST ERROR");
    for (var d : deployments) {
      table.row(
          d.getDeploymentUid(),
          d.getName(),
          d.getProduct(),
          Convergence.status(d),
          d.getGeneration(),
          d.getAppliedGeneration(),
          replicas(d),
          d.getLastError());
    }
    return table;
  }
}
