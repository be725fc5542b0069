package dev.kubedeploy.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.model.catalog.PackageType;
import dev.kubedeploy.model.catalog.PodSecurityLevel;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /products/{slug}/templates}. A legacy body with only {@code version_label}
 * and {@code docker_image_url} is accepted; such a version cannot be deployed until it has a chart.
 */
public record ProductTemplateVersionCreate(
    @NotBlank @Size(max = 100) @Schema(example = "1.4.0") String versionLabel,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"helm-chart"},
            defaultValue = "helm-chart")
        PackageType packageType,
    @Size(max = 500) @Schema(example = "oci://charts.example.com/wiki") String chartRef,
    @Size(max = 100) @Schema(example = "1.4.0") String chartVersion,
    @Size(max = 63)
        @Schema(
            example = "acme-charts",
            description =
                "the private chart source (POST /chart-sources) whose login reads the chart")
        String chartSource,
    @Pattern(regexp = "^sha256:[0-9a-f]{64}$", message = "must be sha256: and 64 hex digits")
        @Schema(example = "sha256:4f0c5e7cb5dd2c7a4c4f4f3e0f6b8a1c9b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f")
        String chartDigest,
    @Schema(
            type = SchemaType.OBJECT,
            example = "{\"replicaCount\": 1, \"image\": {\"tag\": \"1.4.0\"}}",
            description = "values the chart gets unless a deployment overrides them")
        JsonNode defaultValuesJson,
    @Schema(
            type = SchemaType.OBJECT,
            example =
                "{\"type\": \"object\", \"properties\": {\"replicaCount\": {\"type\":"
                    + " \"integer\", \"minimum\": 1}}}",
            description = "JSON Schema (draft 4 to 2020-12) that the merged values must satisfy")
        JsonNode valuesSchemaJson,
    @Schema(
            type = SchemaType.OBJECT,
            example = "{\"replicas_path\": \"replicaCount\"}",
            description = "where the platform puts replicas, resources and the domain name")
        JsonNode capabilitiesJson,
    @Min(1) @Max(3600) @Schema(example = "300", defaultValue = "300") Integer healthTimeoutSec,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"restricted", "baseline"},
            defaultValue = "restricted",
            description = "the Pod Security Standard the release's namespace enforces")
        PodSecurityLevel podSecurityLevel,
    @Min(0)
        @Max(100)
        @Schema(
            example = "0",
            defaultValue = "0",
            description = "Services of type LoadBalancer one release may create")
        Integer maxLoadBalancers,
    @Min(0)
        @Max(100)
        @Schema(
            example = "0",
            defaultValue = "0",
            description = "Services of type NodePort one release may create")
        Integer maxNodePorts,
    @Schema(defaultValue = "false", description = "only admins may deploy the version")
        Boolean adminOnly,
    @Size(max = 1000) @Schema(example = "registry.example.com/wiki:1.4.0", deprecated = true)
        String dockerImageUrl) {}
