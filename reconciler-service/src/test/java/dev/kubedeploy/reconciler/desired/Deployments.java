package dev.kubedeploy.reconciler.desired;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.SecretValues;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Desired deployments for unit tests, changed with the record's own copy method ({@code
 * withChange}).
 */
final class Deployments {

  private Deployments() {}

  static DesiredDeployment.Template template(String defaults, String schema, String capabilities) {
    return new DesiredDeployment.Template(
        7, "1.0", "webapp", "0.1.0", null, defaults, schema, capabilities, 30);
  }

  static DesiredDeployment deployment(
      DesiredDeployment.Template template, String userValues, int replicas, String domain) {
    return new DesiredDeployment(
        1,
        "shop-alice-x1y2z3",
        "shop-alice-x1y2z3",
        "shop-alice-x1y2z3",
        DeploymentStatus.PENDING,
        3,
        replicas,
        domain,
        userValues,
        "acme",
        "shop",
        template,
        Optional.of(new PlatformFacts.Compute(new BigDecimal("0.5"), 1024, 0, 10)),
        null,
        null,
        SecretValues.none());
  }
}
