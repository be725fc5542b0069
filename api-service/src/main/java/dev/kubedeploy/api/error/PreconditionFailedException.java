package dev.kubedeploy.api.error;

import java.util.List;

/** 412: the resource changed since the version the client's If-Match names. */
public class PreconditionFailedException extends ApiException {

  public PreconditionFailedException(String currentEtag) {
    super("The resource has changed: its current ETag is " + currentEtag + ".");
  }

  @Override
  public int status() {
    return 412;
  }

  @Override
  public String kind() {
    return "precondition-failed";
  }

  @Override
  public String title() {
    return "Precondition failed";
  }

  @Override
  public List<FieldError> errors() {
    return List.of(FieldError.forField("If-Match", "does not match the current ETag"));
  }
}
