package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Deletes a deployment's namespace and waits until Kubernetes has removed it. */
@ApplicationScoped
public class NamespaceRemover {

  private final KubernetesClient client;
  private final KubeSettings settings;

  NamespaceRemover(KubernetesClient client, KubeSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * {@link Change#DELETED} once the namespace is gone, {@link Change#ABSENT} when there was none.
   *
   * @throws NamespaceStillPresentException when it is still there after the configured timeout
   *     (finalizers that never finish); the next attempt waits again
   */
  public Change delete(String name) throws InterruptedException {
    var namespace = client.namespaces().withName(name);
    if (namespace.get() == null) {
      return Change.ABSENT;
    }
    try {
      namespace.delete();
    } catch (KubernetesClientException e) {
      // A namespace already terminating answers 409 ("the system is ensuring all content is
      // removed"): a retried delete only has to wait. Any other refusal that left it in place is
      // a real error.
      var after = namespace.get();
      if (after != null && after.getMetadata().getDeletionTimestamp() == null) {
        throw e;
      }
    }
    var deadline = System.nanoTime() + settings.namespaceDeleteTimeout().toNanos();
    while (namespace.get() != null) {
      if (System.nanoTime() > deadline) {
        throw new NamespaceStillPresentException(name, settings.namespaceDeleteTimeout());
      }
      TimeUnit.NANOSECONDS.sleep(settings.namespaceDeletePollInterval().toNanos());
    }
    return Change.DELETED;
  }
}
