package dev.kubedeploy.api.error;

import java.util.List;

/** 422: an Idempotency-Key already used for a create with a different body. */
public class IdempotencyKeyReusedException extends ApiException {

  public IdempotencyKeyReusedException() {
    super("This Idempotency-Key was used for a create with a different body; use a new key.");
  }

  @Override
  public int status() {
    return 422;
  }

  @Override
  public String kind() {
    return "idempotency-key-reused";
  }

  @Override
  public String title() {
    return "Idempotency key reused";
  }

  @Override
  public List<FieldError> errors() {
    return List.of(
        FieldError.forField("Idempotency-Key", "was used with a different request body"));
  }
}
