package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /deployments/{uid}}: the members present are changed. {@code user_values}
 * replaces the stored values ({@code null} clears them); {@code resources} replaces the compute
 * request as a whole. Setting {@code deployment_uid}, {@code namespace_name} or {@code
 * release_name} is refused with 422. {@code "***"} at a field the template's schema marks secret
 * keeps the value stored there.
 */
public record DeploymentUpdate(
    @Size(max = DeploymentFields.DOMAIN_NAME_MAX)
        @Pattern(
            regexp = DeploymentFields.DOMAIN_NAME,
            message = DeploymentFields.DOMAIN_NAME_MESSAGE)
        @Schema(example = "wiki.example.com")
        String domainname,
    @JsonAlias("user_values_json")
        @Schema(
            type = SchemaType.OBJECT,
            nullable = true,
            example = "{\"replicaCount\": 3, \"adminPassword\": \"***\"}",
            description =
                "replaces the stored values; \"***\" at a secret field keeps its stored value")
        JsonNode userValues,
    @Valid
        @Schema(
            description =
                "The compute to ask for, validated as at create; the namespace's quota follows")
        ComputeResources resources,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode deploymentUid,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode namespaceName,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode releaseName) {}
