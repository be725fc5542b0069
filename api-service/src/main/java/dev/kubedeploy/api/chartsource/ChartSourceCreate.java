package dev.kubedeploy.api.chartsource;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /chart-sources} and {@code PUT /chart-sources/{name}}: a login (user name and
 * password, or a token) and/or a CA bundle. The password and token are write-only.
 */
public record ChartSourceCreate(
    @Pattern(
            regexp = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
            message = "must be a DNS label: lowercase letters, digits and '-', at most 63")
        @Schema(example = "acme-charts", description = "taken from the path in a PUT")
        String name,
    @Size(max = 256) @Schema(example = "deploy-bot") String username,
    @Size(max = 4096)
        @Schema(
            writeOnly = true,
            description = "with username: basic authentication (for OCI, a token goes here)")
        String password,
    @Size(max = 4096)
        @Schema(
            writeOnly = true,
            description = "alone: a bearer token for an HTTPS chart repository")
        String token,
    @Size(max = 65536)
        @Schema(
            example = "-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----\\n",
            description = "PEM certificates the source's TLS certificate must chain to")
        String caBundle) {

  @Override
  public String toString() {
    return "ChartSourceCreate[name=" + name + ", username=" + username + "]";
  }
}
