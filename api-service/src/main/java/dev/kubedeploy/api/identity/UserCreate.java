package dev.kubedeploy.api.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /users}.
 *
 * @param tenantKey the tenant to create the user in; the default tenant when absent
 * @param isAdmin whether the user gets admin rights; false unless given
 */
public record UserCreate(
    @NotBlank @Size(max = 255) @Schema(example = "auth0|5f7c8ec7c33c6c004bbafe82") String subject,
    @NotBlank
        @Pattern(
            regexp = "^[A-Za-z0-9._@-]{1,100}$",
            message = "must be 1 to 100 letters, digits, '.', '_', '@' or '-'")
        @Schema(example = "alice")
        String username,
    @NotBlank @Email @Size(max = 320) @Schema(example = "alice@example.com") String email,
    @Schema(example = "default") String tenantKey,
    @Schema(example = "false", defaultValue = "false") Boolean isAdmin) {}
