package dev.kubedeploy.api.error;

import java.util.List;

/** The base of every error the API answers on purpose; the mapper turns it into a problem. */
public abstract class ApiException extends RuntimeException {

  protected ApiException(String detail) {
    super(detail);
  }

  /** The HTTP status. */
  public abstract int status();

  /** The problem kind, the last part of its type URI. */
  public abstract String kind();

  /** A short, fixed summary of the problem kind. */
  public abstract String title();

  /** The values that caused it, when there are any. */
  public List<FieldError> errors() {
    return List.of();
  }
}
