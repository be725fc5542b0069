package dev.kubedeploy.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document: the body of every error answer of the API. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem")
public record Problem(
    @Schema(example = "urn:kubedeploy:problem:validation-failed") String type,
    @Schema(example = "Validation failed") String title,
    @Schema(example = "422") int status,
    @Schema(example = "The request has 1 invalid value.") String detail,
    List<FieldError> errors) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The type URI of a problem kind; the kinds are listed in docs/api.md. */
  public static String type(String kind) {
    return "urn:kubedeploy:problem:" + kind;
  }
}
