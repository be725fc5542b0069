package dev.kubedeploy.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.api.json.JsonText;
import dev.kubedeploy.model.catalog.PackageType;
import dev.kubedeploy.model.catalog.PodSecurityLevel;
import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A template version with every persisted field. */
public record ProductTemplateVersionRead(
    @Schema(example = "12") long id,
    @Schema(example = "wiki") String product,
    @Schema(example = "1.4.0") String versionLabel,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"helm-chart"})
        PackageType packageType,
    @Schema(example = "oci://charts.example.com/wiki") String chartRef,
    @Schema(example = "1.4.0") String chartVersion,
    @Schema(example = "acme-charts", description = "the private chart source, if any")
        String chartSource,
    @Schema(example = "sha256:4f0c5e7cb5dd2c7a4c4f4f3e0f6b8a1c9b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f")
        String chartDigest,
    @Schema(type = SchemaType.OBJECT) JsonNode defaultValuesJson,
    @Schema(type = SchemaType.OBJECT) JsonNode valuesSchemaJson,
    @Schema(type = SchemaType.OBJECT) JsonNode capabilitiesJson,
    @Schema(example = "300") int healthTimeoutSec,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"restricted", "baseline"})
        PodSecurityLevel podSecurityLevel,
    @Schema(example = "0") int maxLoadBalancers,
    @Schema(example = "0") int maxNodePorts,
    @Schema(description = "whether only admins may deploy the version") boolean adminOnly,
    @Schema(deprecated = true) String dockerImageUrl,
    @Schema(description = "whether the version names a chart and so can be deployed")
        boolean deployable,
    Instant createdAt) {

  static ProductTemplateVersionRead of(ProductTemplateVersion template) {
    return new ProductTemplateVersionRead(
        template.id,
        template.product.slug,
        template.versionLabel,
        template.packageType,
        template.chartRef,
        template.chartVersion,
        template.chartSource == null ? null : template.chartSource.name,
        template.chartDigest,
        JsonText.parse(template.defaultValuesJson),
        JsonText.parse(template.valuesSchemaJson),
        JsonText.parse(template.capabilitiesJson),
        template.healthTimeoutSec,
        template.podSecurityLevel,
        template.maxLoadBalancers,
        template.maxNodePorts,
        template.adminOnly,
        template.dockerImageUrl,
        template.hasChart(),
        template.createdAt);
  }
}
