package dev.kubedeploy.api.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code PATCH /users/{id}}: the members present are changed. An admin cannot demote or
 * disable itself, so that an installation never loses its last admin by accident.
 */
public record UserUpdate(
    @Schema(example = "false", description = "promote (true) or demote (false)") Boolean isAdmin,
    @Schema(example = "true", description = "refuse (true) or accept again (false) its tokens")
        Boolean disabled) {}
