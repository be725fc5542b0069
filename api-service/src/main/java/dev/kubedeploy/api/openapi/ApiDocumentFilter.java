package dev.kubedeploy.api.openapi;

import dev.kubedeploy.api.error.ProblemResponses;
import dev.kubedeploy.api.json.PersistentEnumSchemas;
import dev.kubedeploy.api.page.PageParameters;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Completes the generated OpenAPI document (docs/openapi.yaml) with what every operation shares:
 * its error answers and the types of its paging parameters; and with the values of the model's
 * enums as the API speaks them.
 */
public class ApiDocumentFilter implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    PersistentEnumSchemas.describe(openAPI.getComponents());
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
