package dev.kubedeploy.api.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /products}. */
public record ProductCreate(
    @NotNull
        @Pattern(
            regexp = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
            message = "must be a DNS label: lowercase letters, digits and '-', at most 63")
        @Schema(example = "wiki")
        String slug,
    @NotBlank @Size(max = 200) @Schema(example = "Team wiki") String name,
    @Size(max = 2000) @Schema(example = "A wiki for one team, backed by PostgreSQL.")
        String description) {}
