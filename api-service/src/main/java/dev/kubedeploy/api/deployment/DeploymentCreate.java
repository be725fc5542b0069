package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /deployments}. The API assigns {@code deployment_uid}, {@code namespace_name}
 * and {@code release_name}; a body that sets them is refused.
 *
 * @param targetReplicas 1 when absent
 * @param resources the smallest allowed request when absent
 */
public record DeploymentCreate(
    @NotNull
        @Pattern(regexp = DeploymentFields.NAME, message = DeploymentFields.NAME_MESSAGE)
        @Schema(example = "team-wiki")
        String name,
    @NotNull @Schema(example = "12") Long templateId,
    @Size(max = DeploymentFields.DOMAIN_NAME_MAX)
        @Pattern(
            regexp = DeploymentFields.DOMAIN_NAME,
            message = DeploymentFields.DOMAIN_NAME_MESSAGE)
        @Schema(example = "wiki.team.example.com")
        String domainname,
    @JsonAlias("user_values_json")
        @Schema(
            type = SchemaType.OBJECT,
            nullable = true,
            example = "{\"replicaCount\": 2}",
            description =
                "merged over the template's defaults (objects key by key, the rest replaced, null"
                    + " removes a key); also accepted as user_values_json")
        JsonNode userValues,
    @Min(1) @Max(100) @Schema(example = "2", defaultValue = "1") Integer targetReplicas,
    @Valid ComputeResources resources,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode deploymentUid,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode namespaceName,
    @Null(message = DeploymentFields.IMMUTABLE) @Schema(hidden = true) JsonNode releaseName) {}
