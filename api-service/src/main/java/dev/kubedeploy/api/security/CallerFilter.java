package dev.kubedeploy.api.security;

import dev.kubedeploy.api.error.AccessDeniedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Finds the user of every authenticated request and enforces {@link AdminOnly}, before the body is
 * read: an unknown subject or a non-admin gets 403 whatever it sent. Requests without a token pass
 * through to the endpoints' {@code @Authenticated}, which answers 401.
 */
public class CallerFilter {

  @Inject SecurityIdentity identity;
  @Inject JsonWebToken token;
  @Inject CallerResolver resolver;
  @Inject CurrentCaller current;

  @ServerRequestFilter
  public void identifyCaller(ResourceInfo resource) {
    if (identity.isAnonymous()) {
      return;
    }
    var caller = resolver.resolve(token);
    if (!caller.admin() && requiresAdmin(resource)) {
      throw new AccessDeniedException("Only admins may do this.");
    }
    current.set(caller);
  }

  private static boolean requiresAdmin(ResourceInfo resource) {
    return resource.getResourceMethod().isAnnotationPresent(AdminOnly.class)
        || resource.getResourceClass().isAnnotationPresent(AdminOnly.class);
  }
}
