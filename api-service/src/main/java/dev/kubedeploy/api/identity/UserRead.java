package dev.kubedeploy.api.identity;

import dev.kubedeploy.model.identity.User;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user as the API shows it. */
public record UserRead(
    @Schema(example = "7") long id,
    @Schema(example = "auth0|5f7c8ec7c33c6c004bbafe82") String subject,
    @Schema(example = "alice") String username,
    @Schema(example = "alice@example.com") String email,
    @Schema(example = "default") String tenantKey,
    @Schema(example = "false") boolean isAdmin,
    @Schema(example = "false", description = "a disabled user's tokens are refused with 403")
        boolean disabled,
    Instant createdAt) {

  static UserRead of(User user) {
    return new UserRead(
        user.id,
        user.subject,
        user.username,
        user.email,
        user.tenant.tenantKey,
        user.isAdmin,
        user.disabled,
        user.createdAt);
  }
}
