package dev.kubedeploy.reconciler.helm;

/** A helm call failed; the message carries Helm's own error text. */
public class HelmCommandException extends RuntimeException {

  private final String operation;
  private final String helmMessage;

  public HelmCommandException(String operation, String helmMessage) {
    super("helm " + operation + " failed: " + helmMessage);
    this.operation = operation;
    this.helmMessage = helmMessage;
  }

  /** The helm subcommand, e.g. {@code upgrade}. */
  public String operation() {
    return operation;
  }

  /** What Helm said: its {@code Error:} line and anything after it. */
  public String helmMessage() {
    return helmMessage;
  }
}
