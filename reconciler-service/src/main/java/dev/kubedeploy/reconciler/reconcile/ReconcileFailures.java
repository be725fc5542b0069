package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.desired.DesiredStateException;
import dev.kubedeploy.reconciler.helm.ChartVerificationException;
import dev.kubedeploy.reconciler.helm.HelmCommandException;
import dev.kubedeploy.reconciler.helm.HelmDeadlineException;
import dev.kubedeploy.reconciler.helm.HelmErrorClassifier;
import dev.kubedeploy.reconciler.kube.NamespaceNotOwnedException;
import dev.kubedeploy.reconciler.queue.DeferredReconcileException;
import dev.kubedeploy.reconciler.queue.LeaseLostException;
import dev.kubedeploy.reconciler.queue.PermanentReconcileException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Set;

/**
 * Classifies what went wrong in a step: permanent (the queue marks the deployment failed at once)
 * or transient (the queue retries). The message always starts with the step's name.
 */
final class ReconcileFailures {

  /** API answers that mean the request itself is wrong: bad request, forbidden, invalid. */
  private static final Set<Integer> PERMANENT_HTTP_CODES = Set.of(400, 403, 422);

  private ReconcileFailures() {}

  static RuntimeException of(String step, Exception failure) {
    if (failure instanceof PermanentReconcileException
        || failure instanceof DeferredReconcileException
        || failure instanceof LeaseLostException
        || failure instanceof ReconcileStepException) {
      return (RuntimeException) failure;
    }
    var message = step + ": " + failure.getMessage();
    return isPermanent(failure)
        ? new PermanentReconcileException(message, failure)
        : new ReconcileStepException(message, failure);
  }

  static boolean isPermanent(Exception failure) {
    return switch (failure) {
      case DesiredStateException e -> true;
      case NamespaceNotOwnedException e -> true;
      case ChartVerificationException e -> true;
      case HelmDeadlineException e -> false;
      case HelmCommandException e -> HelmErrorClassifier.isPermanent(e.helmMessage());
      case KubernetesClientException e -> PERMANENT_HTTP_CODES.contains(e.getCode());
      default -> false;
    };
  }
}
