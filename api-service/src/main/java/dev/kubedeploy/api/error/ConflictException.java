package dev.kubedeploy.api.error;

import java.util.List;

/** 409: the request contradicts the current state (a taken name, a deleted deployment). */
public class ConflictException extends ApiException {

  private final transient List<FieldError> errors;

  public ConflictException(String detail) {
    super(detail);
    this.errors = List.of();
  }

  public ConflictException(String field, String message) {
    super(message);
    this.errors = List.of(FieldError.forField(field, message));
  }

  @Override
  public int status() {
    return 409;
  }

  @Override
  public String kind() {
    return "conflict";
  }

  @Override
  public String title() {
    return "Conflict";
  }

  @Override
  public List<FieldError> errors() {
    return errors;
  }
}
