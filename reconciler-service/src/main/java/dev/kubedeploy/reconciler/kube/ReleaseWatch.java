package dev.kubedeploy.reconciler.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Keeps the workloads and pods of every release in memory, through informers (one list, then a
 * watch) on the objects carrying Helm's instance label in all namespaces, so that a release's
 * health can be judged every few seconds without a request to the API server, let alone helm.
 */
@ApplicationScoped
public class ReleaseWatch {

  private static final Logger LOG = Logger.getLogger(ReleaseWatch.class);

  /** Index of the informers' caches: {@code namespace/release}. */
  private static final String RELEASE_INDEX = "release";

  private static final String INSTANCE = ReleaseObserver.INSTANCE_LABEL;

  private final KubernetesClient client;
  private SharedIndexInformer<Deployment> deployments;
  private SharedIndexInformer<StatefulSet> statefulSets;
  private SharedIndexInformer<Pod> pods;

  ReleaseWatch(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the informers once; they list, then watch, and retry on their own when cut off. */
  public synchronized void start() {
    if (pods != null) {
      return;
    }
    deployments = inform(client.apps().deployments().inAnyNamespace().withLabel(INSTANCE));
    statefulSets = inform(client.apps().statefulSets().inAnyNamespace().withLabel(INSTANCE));
    pods = inform(client.pods().inAnyNamespace().withLabel(INSTANCE));
  }

  /** Whether every informer has its first list: before that, an empty cache means nothing. */
  public synchronized boolean synced() {
    return pods != null && deployments.hasSynced() && statefulSets.hasSynced() && pods.hasSynced();
  }

  /** The release as the caches have it. */
  public ObservedRelease observe(String namespace, String release) {
    var key = namespace + "/" + release;
    return ReleaseObserver.of(
        deployments.getIndexer().byIndex(RELEASE_INDEX, key),
        statefulSets.getIndexer().byIndex(RELEASE_INDEX, key),
        pods.getIndexer().byIndex(RELEASE_INDEX, key));
  }

  @PreDestroy
  synchronized void stop() {
    for (var informer : List.of(deployments, statefulSets, pods)) {
      if (informer != null) {
        informer.stop();
      }
    }
  }

  private static <T extends HasMetadata> SharedIndexInformer<T> inform(Informable<T> source) {
    Function<T, List<String>> release =
        object ->
            List.of(
                object.getMetadata().getNamespace()
                    + "/"
                    + object.getMetadata().getLabels().get(INSTANCE));
    var informer = source.withIndexers(Map.of(RELEASE_INDEX, release)).runnableInformer(0);
    informer.exceptionHandler(
        (started, error) -> {
          LOG.warnf(
              "watching releases' %s: %s; trying again",
              informer.getApiTypeClass().getSimpleName(), error.getMessage());
          return true;
        });
    informer.start();
    return informer;
  }
}
