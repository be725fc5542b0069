package dev.kubedeploy.reconciler.desired;

import dev.kubedeploy.model.catalog.PodSecurityLevel;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.SecretValues;
import java.util.Optional;

/**
 * The newest desired state of one deployment, read in one short transaction; every builder of this
 * package works from it and nothing else.
 *
 * @param userValuesJson the user's values as stored: {@code "***"} at each secret field
 * @param appliedTemplateId the template the cluster has, or null before the first success
 * @param appliedGeneration the generation the cluster has, or null before the first success
 * @param secrets the opened values of the secret fields, which only the values file receives
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
    Optional<PlatformFacts.Compute> compute,
    Long appliedTemplateId,
    Long appliedGeneration,
    SecretValues secrets) {

  /**
   * The template version the deployment should run.
   *
   * @param podSecurityLevel the Pod Security Standard its namespace enforces
   * @param maxLoadBalancers Services of type LoadBalancer the namespace may hold
   * @param maxNodePorts node ports the namespace may hold
   */
  public record Template(
      long id,
      String versionLabel,
      String chartRef,
      String chartVersion,
      String chartDigest,
      String defaultValuesJson,
      String valuesSchemaJson,
      String capabilitiesJson,
      int healthTimeoutSec,
      PodSecurityLevel podSecurityLevel,
      int maxLoadBalancers,
      int maxNodePorts) {

    /** A template that asks for nothing beyond the defaults: restricted, no exposed ports. */
    public Template(
        long id,
        String versionLabel,
        String chartRef,
        String chartVersion,
        String chartDigest,
        String defaultValuesJson,
        String valuesSchemaJson,
        String capabilitiesJson,
        int healthTimeoutSec) {
      this(
          id,
          versionLabel,
          chartRef,
          chartVersion,
          chartDigest,
          defaultValuesJson,
          valuesSchemaJson,
          capabilitiesJson,
          healthTimeoutSec,
          PodSecurityLevel.RESTRICTED,
          0,
          0);
    }
  }

  /**
   * This deployment with the desired state a change would give it (replicas, domain, values,
   * template, compute, secrets); its identity, status and what the cluster has stay.
   */
  public DesiredDeployment withChange(
      int targetReplicas,
      String domainName,
      String userValuesJson,
      Template template,
      Optional<PlatformFacts.Compute> compute,
      SecretValues secrets) {
    return new DesiredDeployment(
        id,
        uid,
        namespace,
        release,
        status,
        generation,
        targetReplicas,
        domainName,
        userValuesJson,
        tenantKey,
        productSlug,
        template,
        compute,
        appliedTemplateId,
        appliedGeneration,
        secrets);
  }

  /** The facts the platform places in the release's values, judged as the API judged them. */
  public PlatformFacts platformFacts() {
    return new PlatformFacts(targetReplicas, domainName, compute.orElse(null));
  }

  /** Whether the cluster already has this generation of this template (a resync). */
  public boolean isApplied() {
    return appliedGeneration != null
        && appliedGeneration == generation
        && appliedTemplateId != null
        && appliedTemplateId == template.id();
  }
}
