package dev.kubedeploy.api.deployment;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /deployments/{uid}/upgrade}: another version of the same product. */
public record DeploymentUpgrade(@NotNull @Schema(example = "13") Long templateId) {}
