package dev.kubedeploy.api.openapi;

import dev.kubedeploy.api.error.ProblemResponses;
import dev.kubedeploy.api.page.PageParameters;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Completes the generated OpenAPI document (docs/openapi.yaml) with what every operation shares:
 * its error answers and the types of its paging parameters.
 */
public class ApiDocumentFilter implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null) {
      return;
    }
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach(
                        (method, operation) -> {
                          ProblemResponses.declare(path, method, operation);
                          PageParameters.describe(operation);
                        }));
  }
}
