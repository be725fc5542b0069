package dev.kubedeploy.api.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /tenants}. */
public record TenantCreate(
    @NotNull
        @Pattern(
            regexp = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
            message = "must be a DNS label: lowercase letters, digits and '-', at most 63")
        @Schema(example = "acme")
        String tenantKey,
    @NotBlank @Size(max = 200) @Schema(example = "Acme Corporation") String name) {}
