package dev.kubedeploy.api.deployment;

/**
 * What {@code POST /deployments} made.
 *
 * @param replayed true when an earlier create with the same Idempotency-Key made it
 */
public record CreateResult(DeploymentRead deployment, boolean replayed) {}
