package dev.kubedeploy.reconciler.desired;

/**
 * The desired state cannot be turned into a release: the template or the values are wrong, and only
 * a change to them fixes it, so retrying is pointless.
 */
public class DesiredStateException extends RuntimeException {

  public DesiredStateException(String message) {
    super(message);
  }

  public DesiredStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
