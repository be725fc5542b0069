package dev.kubedeploy.api.deployment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /deployments/{uid}/scale}; 0 stops the deployment. */
public record DeploymentScale(
    @NotNull @Min(0) @Max(100) @Schema(example = "3") Integer targetReplicas) {}
