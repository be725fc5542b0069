package dev.kubedeploy.reconciler.kube;

import java.time.Duration;

/** A deleted namespace is still terminating after the timeout; retrying later may see it gone. */
public class NamespaceStillPresentException extends RuntimeException {

  public NamespaceStillPresentException(String name, Duration timeout) {
    super(
        "namespace "
            + name
            + " still exists "
            + timeout.toSeconds()
            + "s after its deletion (finalizers pending?)");
  }
}
