package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Deployments installed by the real step with real helm and then at rest, for tests of what watches
 * them afterwards (health, cluster events).
 */
@ApplicationScoped
public class RunningDeployments {

  private final HelmReconcileStep step;
  private final Fixtures fixtures;

  RunningDeployments(HelmReconcileStep step, Fixtures fixtures) {
    this.step = step;
    this.fixtures = fixtures;
  }

  /** A deployment of the sample webapp 0.1.0: installed, its job finished, status running. */
  public long create(int replicas) throws Exception {
    var id =
        fixtures.deployment(fixtures.template(SampleCharts.webapp("0.1.0", 20)), replicas, "{}");
    var job = fixtures.claim(id, "create");
    step.reconcile(job);
    fixtures.finish(job);
    assertThat(fixtures.row(id).status()).isEqualTo(DeploymentStatus.RUNNING);
    return id;
  }
}
