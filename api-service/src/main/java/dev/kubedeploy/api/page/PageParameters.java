package dev.kubedeploy.api.page;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Types the {@code limit} and {@code cursor} query parameters of every list in the OpenAPI
 * document. The resources take them as text so that {@link PageRequest} can name the parameter in
 * its problem answer; the document says what {@link PageRequest} accepts.
 */
public final class PageParameters {

  private PageParameters() {}

  /** Describes the paging parameters of {@code operation}, if it has any. */
  public static void describe(Operation operation) {
    if (operation.getParameters() == null) {
      return;
    }
    for (var parameter : operation.getParameters()) {
      if (parameter.getIn() != Parameter.In.QUERY) {
        continue;
      }
      switch (parameter.getName()) {
        case "limit" ->
            parameter
                .description(
                    "page size, 1 to "
                        + PageRequest.MAX_LIMIT
                        + " ("
                        + PageRequest.DEFAULT_LIMIT
                        + " when absent)")
                .schema(
                    OASFactory.createSchema()
                        .addType(SchemaType.INTEGER)
                        .format("int32")
                        .minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT))
                        .defaultValue(PageRequest.DEFAULT_LIMIT));
        case "cursor" ->
            parameter
                .description("next_cursor of the previous page; absent for the first page")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING));
        default -> {}
      }
    }
  }
}
