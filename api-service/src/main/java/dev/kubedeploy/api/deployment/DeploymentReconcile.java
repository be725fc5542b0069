package dev.kubedeploy.api.deployment;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Optional body of {@code POST /deployments/{uid}/reconcile}.
 *
 * @param mode {@code retry} for a failed deployment, {@code resync} otherwise, when absent
 */
public record DeploymentReconcile(
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"retry", "resync"},
            example = "retry")
        ReconcileMode mode) {}
