package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the cluster's Events in memory through an informer (one list, then a watch), so that the
 * Events of the platform's namespaces can be mirrored every few seconds without a request to the
 * API server. The API cannot select namespaces by their labels, so the informer covers all of them;
 * only the namespaces asked for are ever read from it.
 */
@ApplicationScoped
public class ClusterEventWatch {

  private static final Logger LOG = Logger.getLogger(ClusterEventWatch.class);

  private final KubernetesClient client;
  private SharedIndexInformer<Event> events;

  ClusterEventWatch(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the informer once; it lists, then watches, and retries on its own when cut off. */
  public synchronized void start() {
    if (events != null) {
      return;
    }
    events = client.v1().events().inAnyNamespace().runnableInformer(0);
    events.exceptionHandler(
        (started, error) -> {
          LOG.warnf("watching the cluster's events: %s; trying again", error.getMessage());
          return true;
        });
    events.start();
  }

  /** Whether the informer has its first list: before that, an empty cache means nothing. */
  public synchronized boolean synced() {
    return events != null && events.hasSynced();
  }

  /** The Events of {@code namespace} as the cache has them, the platform's own left out. */
  public List<ClusterEvent> of(String namespace) {
    return events.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
        .flatMap(event -> ClusterEvent.of(event).stream())
        .toList();
  }

  @PreDestroy
  synchronized void stop() {
    if (events != null) {
      events.stop();
    }
  }
}
