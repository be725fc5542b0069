package dev.kubedeploy.reconciler.desired;

import dev.kubedeploy.model.deployment.DeploymentStatus;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The newest desired state of one deployment, read in one short transaction; every builder of this
 * package works from it and nothing else.
 *
 * @param appliedTemplateId the template the cluster has, or null before the first success
 * @param appliedGeneration the generation the cluster has, or null before the first success
 */
public record DesiredDeployment(
    long id,
    String uid,
    String namespace,
    String release,
    DeploymentStatus status,
    long generation,
    int targetReplicas,
    String domainName,
    String userValuesJson,
    String tenantKey,
    String productSlug,
    Template template,
    Optional<Compute> compute,
    Long appliedTemplateId,
    Long appliedGeneration) {

  /** The template version the deployment should run. */
  public record Template(
      long id,
      String versionLabel,
      String chartRef,
      String chartVersion,
      String chartDigest,
      String defaultValuesJson,
      String valuesSchemaJson,
      String capabilitiesJson,
      int healthTimeoutSec) {}

  /** What one replica asks for, and the storage of the whole deployment. */
  public record Compute(BigDecimal cpuCores, int memoryMb, int gpuUnits, int storageGb) {}

  /** Whether the cluster already has this generation of this template (a resync). */
  public boolean isApplied() {
    return appliedGeneration != null
        && appliedGeneration == generation
        && appliedTemplateId != null
        && appliedTemplateId == template.id();
  }
}
