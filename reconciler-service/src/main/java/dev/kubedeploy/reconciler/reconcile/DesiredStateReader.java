package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentPreview;
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
    // a projection, not count(): Panache builds a count query anew on every call
    return !Deployment.getEntityManager()
        .createQuery(
            "select d.id from Deployment d where d.id = ?1 and d.suspendedAt is not null",
            Long.class)
        .setParameter(1, deploymentId)
        .getResultList()
        .isEmpty();
  }

  /**
   * The deployment of a preview as the preview's change would make it, with the secrets the
   * deployment holds now; empty when the preview is gone (pruned).
   */
  @Transactional
  public Optional<PreviewedDeployment> readPreview(long previewId) {
    return DeploymentPreview.<DeploymentPreview>find(
            "from DeploymentPreview p join fetch p.deployment d join fetch p.template t"
                + " join fetch t.product join fetch d.tenant where p.id = ?1",
            previewId)
        .firstResultOptional()
        .map(
            preview -> {
              var current = snapshot(preview.deployment);
              var changed =
                  current.withChange(
                      preview.targetReplicas,
                      preview.domainname,
                      preview.userValuesJson,
                      template(preview.template),
                      Optional.of(
                          new PlatformFacts.Compute(
                              preview.cpuCores,
                              preview.memoryMb,
                              preview.gpuUnits,
                              preview.storageGb)),
                      secrets(
                          preview.secretValues,
                          preview.secretValuesKey,
                          preview.deployment.deploymentUid));
              return new PreviewedDeployment(preview.id, changed, current.secrets());
            });
  }

  /**
   * A deployment as a preview's change would make it.
   *
   * @param currentSecrets the secret values the deployment holds now, which what is applied may
   *     show
   */
  public record PreviewedDeployment(
      long previewId, DesiredDeployment desired, SecretValues currentSecrets) {}

  private DesiredDeployment snapshot(Deployment deployment) {
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
        deployment.desiredTemplate.product.slug,
        template(deployment.desiredTemplate),
        compute,
        deployment.appliedTemplate == null ? null : deployment.appliedTemplate.id,
        deployment.appliedGeneration,
        secrets(deployment.secretValues, deployment.secretValuesKey, deployment.deploymentUid));
  }

  private static DesiredDeployment.Template template(ProductTemplateVersion template) {
    return new DesiredDeployment.Template(
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
        template.maxNodePorts);
  }

  private SecretValues secrets(byte[] ciphertext, String keyId, String deploymentUid) {
    if (ciphertext == null) {
      return SecretValues.none();
    }
    try {
      return SecretValues.open(
          secretKeys, new SecretKeyRing.Sealed(keyId, ciphertext), deploymentUid);
    } catch (SecretUnreadableException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }
}
