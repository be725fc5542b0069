package dev.kubedeploy.api.error;

/** 403: the caller is authenticated but may not do this. */
public class AccessDeniedException extends ApiException {

  public AccessDeniedException(String detail) {
    super(detail);
  }

  @Override
  public int status() {
    return 403;
  }

  @Override
  public String kind() {
    return "forbidden";
  }

  @Override
  public String title() {
    return "Forbidden";
  }
}
