package dev.kubedeploy.reconciler.helm;

/**
 * A helm call ran past its process deadline (Helm's own timeout plus a grace) and was killed: Helm
 * itself hung, typically on an API server that stopped answering.
 */
public class HelmDeadlineException extends HelmCommandException {

  public HelmDeadlineException(String operation, String helmMessage) {
    super(operation, helmMessage);
  }
}
