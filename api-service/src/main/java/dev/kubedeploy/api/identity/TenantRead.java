package dev.kubedeploy.api.identity;

import dev.kubedeploy.model.identity.Tenant;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tenant as the API shows it. */
public record TenantRead(
    @Schema(example = "2") long id,
    @Schema(example = "acme") String tenantKey,
    @Schema(example = "Acme Corporation") String name,
    Instant createdAt) {

  static TenantRead of(Tenant tenant) {
    return new TenantRead(tenant.id, tenant.tenantKey, tenant.name, tenant.createdAt);
  }
}
