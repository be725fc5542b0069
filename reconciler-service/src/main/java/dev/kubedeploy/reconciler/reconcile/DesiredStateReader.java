package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentResource;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.SecretKeyRing;
import dev.kubedeploy.model.values.SecretUnreadableException;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.DesiredStateException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Step 1: reads the newest desired state of a deployment in one short transaction, and opens its
 * sealed secret values with the key ring.
 */
@ApplicationScoped
public class DesiredStateReader {

  private final SecretKeyRing secretKeys;

  DesiredStateReader(SecretKeyRing secretKeys) {
    this.secretKeys = secretKeys;
  }

  @Transactional
  public Optional<DesiredDeployment> read(long deploymentId) {
    return Deployment.<Deployment>find(
            "from Deployment d join fetch d.desiredTemplate t join fetch t.product"
                + " join fetch d.tenant where d.id = ?1",
            deploymentId)
        .firstResultOptional()
        .map(this::snapshot);
  }

  /** Whether the deployment is suspended now: then the reconciler leaves its release alone. */
  @Transactional
  public boolean isSuspended(long deploymentId) {
    return Deployment.count("id = ?1 and suspendedAt is not null", deploymentId) > 0;
  }

  private DesiredDeployment snapshot(Deployment deployment) {
    var template = deployment.desiredTemplate;
    var compute =
        DeploymentResource.<DeploymentResource>findByIdOptional(deployment.id)
            .map(
                resource ->
                    new PlatformFacts.Compute(
                        resource.cpuCores,
                        resource.memoryMb,
                        resource.gpuUnits,
                        resource.storageGb));
    return new DesiredDeployment(
        deployment.id,
        deployment.deploymentUid,
        deployment.namespaceName,
        deployment.releaseName,
        deployment.status,
        deployment.generation,
        deployment.targetReplicas,
        deployment.domainname,
        deployment.userValuesJson,
        deployment.tenant.tenantKey,
        template.product.slug,
        new DesiredDeployment.Template(
            template.id,
            template.versionLabel,
            template.chartRef,
            template.chartVersion,
            template.chartDigest,
            template.defaultValuesJson,
            template.valuesSchemaJson,
            template.capabilitiesJson,
            template.healthTimeoutSec,
            template.podSecurityLevel,
            template.maxLoadBalancers,
            template.maxNodePorts),
        compute,
        deployment.appliedTemplate == null ? null : deployment.appliedTemplate.id,
        deployment.appliedGeneration,
        secrets(deployment));
  }

  private SecretValues secrets(Deployment deployment) {
    if (deployment.secretValues == null) {
      return SecretValues.none();
    }
    try {
      return SecretValues.open(
          secretKeys,
          new SecretKeyRing.Sealed(deployment.secretValuesKey, deployment.secretValues),
          deployment.deploymentUid);
    } catch (SecretUnreadableException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }
}
