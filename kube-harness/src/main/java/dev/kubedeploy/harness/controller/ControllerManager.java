package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ClusterNetwork;
import dev.kubedeploy.harness.store.ObjectCache;
import dev.kubedeploy.harness.store.ObjectKey;
import dev.kubedeploy.harness.store.ObjectOperations;
import dev.kubedeploy.harness.store.StoreEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the simulated controllers on one thread, driven by the store's changes: each change queues
 * the objects it concerns (a pod's change queues the pod for the kubelet and its owner for its
 * controller), and time-based work (pod start delays, crash loop restarts, progress deadlines) is
 * queued again later.
 */
public final class ControllerManager implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ControllerManager.class.getName());
  private static final Duration CONFLICT_RETRY = Duration.ofMillis(20);
  private static final Duration ERROR_RETRY = Duration.ofSeconds(1);
  private static final Duration ADMISSION_RETRY = Duration.ofSeconds(1);
  private static final Pattern REFUSED_POD = Pattern.compile("pods \"([^\"]+)\"");

  private final ObjectCache cache;
  private final WorkQueue queue = new WorkQueue();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("kube-harness-timer").factory());
  private final Map<Object, Instant> scheduled = new ConcurrentHashMap<>();
  private final Thread worker;
  private final Kubelet kubelet;
  private final ReplicaSetController replicaSets;
  private final DeploymentController deployments;
  private final StatefulSetController statefulSets;
  private final DaemonSetController daemonSets;
  private final JobController jobs;
  private final ServiceController services;
  private final ClaimController claims;
  private final NamespaceController namespaces;
  private final GarbageCollector garbageCollector;
  private final QuotaController quotas;
  private final ClusterRoleAggregationController aggregation;
  private final EventRecorder events;

  public ControllerManager(
      ObjectOperations operations,
      ObjectCache cache,
      ClusterNetwork network,
      PodFaults faults,
      Duration podStartDelay) {
    this.cache = cache;
    var context =
        new ControllerContext(operations, cache, network, faults, podStartDelay, this::later);
    kubelet = new Kubelet(context);
    replicaSets = new ReplicaSetController(context);
    deployments = new DeploymentController(context);
    statefulSets = new StatefulSetController(context);
    daemonSets = new DaemonSetController(context);
    jobs = new JobController(context);
    services = new ServiceController(context);
    claims = new ClaimController(context);
    namespaces = new NamespaceController(context);
    garbageCollector = new GarbageCollector(context);
    quotas = new QuotaController(context);
    aggregation = new ClusterRoleAggregationController(context);
    events = new EventRecorder(context);
    operations.store().addListener(this::route);
    worker = Thread.ofPlatform().daemon().name("kube-harness-controllers").start(this::run);
  }

  /** Re-evaluates every pod, for instance after the faults a test set changed. */
  public void resyncPods() {
    for (var pod : cache.all(ResourceCatalog.PODS)) {
      queue.add(ObjectKey.of(ResourceCatalog.PODS, pod));
    }
  }

  private void route(StoreEvent event) {
    var key = event.key();
    var type = event.resource();
    if (event.type() == StoreEvent.Type.DELETED) {
      var uid = Json.uid(event.object());
      if (type == ResourceCatalog.PODS) {
        kubelet.forget(uid);
      }
      if (uid != null && !cache.dependentKeys(uid).isEmpty()) {
        queue.add(new GarbageCollector.OwnerGone(uid));
      }
    } else if (type == ResourceCatalog.PODS
        || type == ResourceCatalog.REPLICA_SETS
        || type == ResourceCatalog.DEPLOYMENTS
        || type == ResourceCatalog.STATEFUL_SETS
        || type == ResourceCatalog.DAEMON_SETS
        || type == ResourceCatalog.JOBS
        || type == ResourceCatalog.SERVICES
        || type == ResourceCatalog.PERSISTENT_VOLUME_CLAIMS
        || type == ResourceCatalog.NAMESPACES) {
      queue.add(key);
    }
    if (type == ResourceCatalog.PODS || type == ResourceCatalog.REPLICA_SETS) {
      queueOwner(event.object(), key.namespace());
    }
    if (type == ResourceCatalog.CLUSTER_ROLES) {
      queue.add(new ClusterRoleAggregationController.Aggregate());
    }
    if (key.namespace() != null
        && type != ResourceCatalog.EVENTS
        && (type == ResourceCatalog.RESOURCE_QUOTAS
            || !cache.list(ResourceCatalog.RESOURCE_QUOTAS, key.namespace()).isEmpty())) {
      queue.add(new QuotaController.Recount(key.namespace()));
    }
  }

  private void queueOwner(JsonNode object, String namespace) {
    var owner = Workloads.controllerOf(object);
    if (owner == null) {
      return;
    }
    var ownerType =
        ResourceCatalog.byKind(owner.path("apiVersion").asText(), owner.path("kind").asText());
    if (ownerType.isEmpty()) {
      return;
    }
    var ownerKey = new ObjectKey(ownerType.get(), namespace, owner.path("name").asText());
    queue.add(ownerKey);
    if (ownerType.get() == ResourceCatalog.REPLICA_SETS) {
      cache.get(ownerKey).ifPresent(replicaSet -> queueOwner(replicaSet, namespace));
    }
  }

  private void later(Object work, Duration delay) {
    var due = Instant.now().plus(delay);
    var previous = scheduled.get(work);
    if (previous != null && !previous.isAfter(due) && previous.isAfter(Instant.now())) {
      return;
    }
    scheduled.put(work, due);
    timer.schedule(
        () -> {
          scheduled.remove(work, due);
          queue.add(work);
        },
        Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  private void run() {
    while (true) {
      Object work;
      try {
        work = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (work == null) {
        return;
      }
      try {
        process(work);
      } catch (ApiException e) {
        if (Workloads.isAdmissionRefusal(e) && work instanceof ObjectKey key) {
          // admission refused a pod this controller creates: reported on its object, tried again
          cache
              .get(key)
              .ifPresent(
                  object ->
                      events.warning(
                          object,
                          "FailedCreate",
                          failedCreateMessage(key, e),
                          key.type().singular() + "-controller"));
          later(work, ADMISSION_RETRY);
        } else if (e.code() == 409 || e.code() == 404) {
          later(work, CONFLICT_RETRY);
        } else {
          LOG.log(Level.WARNING, "controller work " + work + " failed: " + e.getMessage());
          later(work, ERROR_RETRY);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "controller work " + work + " failed", e);
        later(work, ERROR_RETRY);
      }
    }
  }

  /** The event message each controller writes when a pod it creates is refused. */
  private static String failedCreateMessage(ObjectKey owner, ApiException e) {
    var pod = REFUSED_POD.matcher(e.getMessage());
    if (owner.type() == ResourceCatalog.STATEFUL_SETS && pod.lookingAt()) {
      return "create Pod %s in StatefulSet %s failed error: %s"
          .formatted(pod.group(1), owner.name(), e.getMessage());
    }
    return "Error creating: " + e.getMessage();
  }

  private void process(Object work) {
    switch (work) {
      case Kubelet.CrashTick tick -> kubelet.reconcile(tick.pod(), true);
      case GarbageCollector.OwnerGone gone -> garbageCollector.collect(gone);
      case QuotaController.Recount recount -> quotas.recount(recount);
      case ClusterRoleAggregationController.Aggregate aggregate -> aggregation.aggregate();
      case ObjectKey key -> {
        var type = key.type();
        if (type == ResourceCatalog.PODS) {
          kubelet.reconcile(key, false);
        } else if (type == ResourceCatalog.REPLICA_SETS) {
          replicaSets.reconcile(key);
        } else if (type == ResourceCatalog.DEPLOYMENTS) {
          deployments.reconcile(key);
        } else if (type == ResourceCatalog.STATEFUL_SETS) {
          statefulSets.reconcile(key);
        } else if (type == ResourceCatalog.DAEMON_SETS) {
          daemonSets.reconcile(key);
        } else if (type == ResourceCatalog.JOBS) {
          jobs.reconcile(key);
        } else if (type == ResourceCatalog.SERVICES) {
          services.reconcile(key);
        } else if (type == ResourceCatalog.PERSISTENT_VOLUME_CLAIMS) {
          claims.reconcile(key);
        } else if (type == ResourceCatalog.NAMESPACES) {
          namespaces.reconcile(key);
        }
      }
      default -> throw new IllegalStateException("unknown work " + work);
    }
  }

  @Override
  public void close() {
    queue.close();
    timer.shutdownNow();
    worker.interrupt();
  }
}
