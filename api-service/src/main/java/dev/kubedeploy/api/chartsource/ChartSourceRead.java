package dev.kubedeploy.api.chartsource;

import dev.kubedeploy.model.catalog.ChartSourceAuth;
import dev.kubedeploy.model.catalog.PrivateChartSource;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A chart source as the API shows it: never its password or token. */
public record ChartSourceRead(
    @Schema(example = "acme-charts") String name,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"none", "basic", "token"})
        ChartSourceAuth auth,
    @Schema(example = "deploy-bot") String username,
    @Schema(description = "PEM certificates the source's TLS certificate must chain to")
        String caBundle,
    @Schema(
            description =
                "whether the secret is sealed with the first key of app.secrets.keys (false until"
                    + " the api-service re-seals it at its next start after a key rotation)")
        boolean secretUsesCurrentKey,
    Instant createdAt,
    Instant updatedAt) {

  static ChartSourceRead of(PrivateChartSource source, boolean secretUsesCurrentKey) {
    return new ChartSourceRead(
        source.name,
        source.auth,
        source.username,
        source.caBundle,
        secretUsesCurrentKey,
        source.createdAt,
        source.updatedAt);
  }
}
