package dev.kubedeploy.api.error;

import java.util.List;

/** 400: the request cannot be read (bad JSON, a wrong type, an unknown enum value or cursor). */
public class MalformedRequestException extends ApiException {

  private final transient List<FieldError> errors;

  public MalformedRequestException(String field, String message) {
    super("The request cannot be read: " + (field == null ? "" : field + " ") + message + ".");
    this.errors = field == null ? List.of() : List.of(FieldError.forField(field, message));
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String kind() {
    return "malformed-request";
  }

  @Override
  public String title() {
    return "Malformed request";
  }

  @Override
  public List<FieldError> errors() {
    return errors;
  }
}
