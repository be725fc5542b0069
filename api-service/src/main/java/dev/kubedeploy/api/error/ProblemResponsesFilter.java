package dev.kubedeploy.api.error;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Sets on every operation of the OpenAPI document the error answers any endpoint can give (400,
 * 401, 403, and 413 where there is a body), replacing the bare 401/403 entries Quarkus adds to
 * secured endpoints; endpoints list the others themselves.
 */
public class ProblemResponsesFilter implements OASFilter {

  @Override
  public Operation filterOperation(Operation operation) {
    var responses = operation.getResponses();
    if (responses == null) {
      return operation;
    }
    add(operation, "400", "BadRequest");
    add(operation, "401", "Unauthorized");
    add(operation, "403", "Forbidden");
    if (operation.getRequestBody() != null) {
      add(operation, "413", "PayloadTooLarge");
    }
    return operation;
  }

  private static void add(Operation operation, String status, String component) {
    operation
        .getResponses()
        .addAPIResponse(
            status, OASFactory.createAPIResponse().ref("#/components/responses/" + component));
  }
}
