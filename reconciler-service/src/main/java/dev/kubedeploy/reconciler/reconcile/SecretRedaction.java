package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.helm.ChartCredentials;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The secrets one reconcile handles (the deployment's secret values, its chart source's password or
 * token), taken out of any text it writes: Helm and Kubernetes quote values in their errors, and
 * such text becomes {@code last_error}, history, Events and log lines, which users and operators
 * read.
 */
final class SecretRedaction {

  /** Longest first, so that a secret containing another is replaced whole. */
  private final TreeSet<String> secrets =
      new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));

  SecretRedaction(SecretValues values) {
    secrets.addAll(values.texts());
  }

  /** Hides the password and token of a chart source too, from now on. */
  void hide(ChartCredentials credentials) {
    credentials.password().filter(s -> !s.isEmpty()).ifPresent(secrets::add);
    credentials.token().filter(s -> !s.isEmpty()).ifPresent(secrets::add);
  }

  /** {@code text} with each secret replaced by {@link SecretValues#MASK}. */
  String apply(String text) {
    if (text == null) {
      return null;
    }
    var redacted = text;
    for (var secret : secrets) {
      redacted = redacted.replace(secret, SecretValues.MASK);
    }
    return redacted;
  }

  /**
   * The failure with its message redacted, of the same kind for the queue. With secrets to hide,
   * the cause is dropped: its message (Helm's whole output) may quote one that the failure's own
   * message does not, and causes end up in stack traces.
   */
  RuntimeException apply(RuntimeException failure) {
    if (secrets.isEmpty()) {
      return failure;
    }
    var redacted = apply(failure.getMessage());
    return failure instanceof PermanentReconcileException
        ? new PermanentReconcileException(redacted)
        : new ReconcileStepException(redacted, null);
  }
}
