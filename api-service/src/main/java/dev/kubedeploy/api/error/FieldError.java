package dev.kubedeploy.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One reason a request was refused: either a request {@code field} (dotted snake_case path, or a
 * query parameter or header name) or a JSON {@code pointer} into the request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FieldError")
public record FieldError(
    @Schema(example = "target_replicas") String field,
    @Schema(example = "/user_values/replicaCount") String pointer,
    @Schema(example = "must be less than or equal to 100") String message) {

  public static FieldError forField(String field, String message) {
    return new FieldError(field, null, message);
  }

  public static FieldError atPointer(String pointer, String message) {
    return new FieldError(null, pointer, message);
  }
}
