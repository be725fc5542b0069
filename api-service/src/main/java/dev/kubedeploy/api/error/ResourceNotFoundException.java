package dev.kubedeploy.api.error;

/** 404: the resource does not exist, or the caller may not know that it does. */
public class ResourceNotFoundException extends ApiException {

  public ResourceNotFoundException(String what, Object key) {
    super("No " + what + " '" + key + "' exists.");
  }

  @Override
  public int status() {
    return 404;
  }

  @Override
  public String kind() {
    return "not-found";
  }

  @Override
  public String title() {
    return "Not found";
  }
}
