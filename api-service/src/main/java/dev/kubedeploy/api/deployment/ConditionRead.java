package dev.kubedeploy.api.deployment;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One Kubernetes-style condition of a deployment (docs/api.md, "Conditions"). */
public record ConditionRead(
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"Ready", "Reconciling", "Stalled"})
        String type,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"True", "False"})
        String status,
    @Schema(example = "UpgradeFailed", description = "a stable code, listed in docs/api.md")
        String reason,
    @Schema(
            nullable = true,
            description = "Helm's or Kubernetes' own words, at most 4000 characters")
        String message,
    @Schema(example = "3", nullable = true) Long observedGeneration,
    Instant lastTransitionTime) {}
