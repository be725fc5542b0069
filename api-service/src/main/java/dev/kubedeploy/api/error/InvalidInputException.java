package dev.kubedeploy.api.error;

import java.util.List;

/** 422: the request was read but breaks a rule; every broken rule is listed. */
public class InvalidInputException extends ApiException {

  private final transient List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(
        errors.size() == 1
            ? "The request has 1 invalid value."
            : "The request has " + errors.size() + " invalid values.");
    this.errors = List.copyOf(errors);
  }

  public InvalidInputException(String field, String message) {
    this(List.of(FieldError.forField(field, message)));
  }

  @Override
  public int status() {
    return 422;
  }

  @Override
  public String kind() {
    return "validation-failed";
  }

  @Override
  public String title() {
    return "Validation failed";
  }

  @Override
  public List<FieldError> errors() {
    return errors;
  }
}
