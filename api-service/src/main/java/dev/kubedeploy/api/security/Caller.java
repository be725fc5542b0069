package dev.kubedeploy.api.security;

/**
 * The user a request acts for, as read from the {@code users} row its token's subject names.
 *
 * @param admin {@code users.is_admin}: the only source of admin rights
 */
public record Caller(long userId, long tenantId, String username, boolean admin) {

  /** Whether the caller may see and change a deployment owned by {@code ownerId}. */
  public boolean mayAccess(long ownerId) {
    return admin || ownerId == userId;
  }
}
