package dev.kubedeploy.api.deployment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /deployments/{uid}/rollback}: the generation whose applied state to restore.
 */
public record DeploymentRollback(@NotNull @Min(1) @Schema(example = "2") Long toGeneration) {}
