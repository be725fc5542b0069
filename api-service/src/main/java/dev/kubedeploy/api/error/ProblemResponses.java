package dev.kubedeploy.api.error;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem.HttpMethod;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The error answers of an operation, derived from its shape in one place so that no endpoint lists
 * them by hand (and none forgets one). The answers themselves, with their problem examples, are the
 * components of META-INF/openapi.yaml; the bare 401/403 entries Quarkus adds to secured endpoints
 * are replaced by them.
 */
public final class ProblemResponses {

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private ProblemResponses() {}

  /** Adds to {@code operation} (of {@code method} on {@code path}) every problem it can answer. */
  public static void declare(String path, HttpMethod method, Operation operation) {
    if (operation.getResponses() == null) {
      return;
    }
    // Any request can be unreadable, unauthenticated or refused.
    add(operation, "400", "BadRequest");
    add(operation, "401", "Unauthorized");
    add(operation, "403", "Forbidden");
    if (path.contains("{")) {
      add(operation, "404", "NotFound"); // the named resource, or one the caller may not see
    }
    if (WRITES.contains(method)) {
      add(operation, "409", "Conflict"); // a taken name, a deleted deployment
    }
    if (has(operation, Parameter.In.HEADER, HttpHeaders.IF_MATCH)) {
      add(operation, "412", "PreconditionFailed");
    }
    if (operation.getRequestBody() != null) {
      add(operation, "413", "PayloadTooLarge");
    }
    if (operation.getRequestBody() != null || has(operation, Parameter.In.QUERY, null)) {
      add(operation, "422", "ValidationFailed"); // bodies and query parameters are validated
    }
  }

  /** Whether the operation has a parameter in {@code in}, named {@code name} unless null. */
  private static boolean has(Operation operation, Parameter.In in, String name) {
    return operation.getParameters() != null
        && operation.getParameters().stream()
            .anyMatch(p -> p.getIn() == in && (name == null || name.equalsIgnoreCase(p.getName())));
  }

  private static void add(Operation operation, String status, String component) {
    operation
        .getResponses()
        .addAPIResponse(
            status, OASFactory.createAPIResponse().ref("#/components/responses/" + component));
  }
}
