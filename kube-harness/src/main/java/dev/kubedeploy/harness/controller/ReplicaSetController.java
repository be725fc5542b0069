package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Keeps {@code spec.replicas} pods per ReplicaSet and reports how many are ready. */
final class ReplicaSetController {

  private static final Duration CREATE_RETRY = Duration.ofSeconds(1);

  private final ControllerContext context;
  private final EventRecorder events;

  ReplicaSetController(ControllerContext context) {
    this.context = context;
    this.events = new EventRecorder(context);
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var replicaSet = found.get();
    var desired = Json.integer(replicaSet, 1, "spec", "replicas");
    var pods = activePods(replicaSet);
    String failure = null;
    if (pods.size() < desired) {
      try {
        for (var i = pods.size(); i < desired; i++) {
          createPod(replicaSet);
        }
      } catch (ApiException e) {
        if (!Workloads.isAdmissionRefusal(e)) {
          throw e;
        }
        failure = e.getMessage();
      }
      pods = activePods(replicaSet);
    } else if (pods.size() > desired) {
      var surplus =
          pods.stream()
              .sorted(
                  Comparator.comparing((ObjectNode p) -> Pods.isReady(p))
                      .thenComparing(
                          (ObjectNode p) -> Json.text(p, "metadata", "creationTimestamp"),
                          Comparator.reverseOrder()))
              .limit(pods.size() - desired)
              .toList();
      for (var pod : surplus) {
        try {
          context.operations().delete(ResourceCatalog.PODS, key.namespace(), Json.name(pod), false);
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
      pods = activePods(replicaSet);
    }
    var ready = (int) pods.stream().filter(Pods::isReady).count();
    var status = Json.object();
    status.put("replicas", pods.size());
    status.put("fullyLabeledReplicas", pods.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    status.put("observedGeneration", Json.generation(replicaSet));
    if (failure != null) {
      // as the ReplicaSet controller does when admission refuses its pods: a condition, an
      // event, and another try later (quota may be raised, the template fixed)
      Conditions.set(
          status,
          replicaSet.path("status"),
          "ReplicaFailure",
          true,
          "FailedCreate",
          failure,
          false);
      events.warning(
          replicaSet, "FailedCreate", "Error creating: " + failure, "replicaset-controller");
      context.requeue(key, CREATE_RETRY);
    }
    context.writeStatus(ResourceCatalog.REPLICA_SETS, replicaSet, status);
  }

  /**
   * The pods that count: every pod not being deleted. A failed pod counts too, so that a test fault
   * failing pods does not make the controller replace them in a tight loop.
   */
  private List<ObjectNode> activePods(ObjectNode replicaSet) {
    return context.cache().dependents(Json.uid(replicaSet), ResourceCatalog.PODS).stream()
        .filter(pod -> !Json.isTerminating(pod))
        .toList();
  }

  private void createPod(ObjectNode replicaSet) {
    var template = replicaSet.path("spec").path("template");
    var name = context.operations().generatedName(Json.name(replicaSet) + "-");
    var pod =
        Workloads.podFrom(
            template,
            name,
            Workloads.ownerReference(ResourceCatalog.REPLICA_SETS, replicaSet),
            Map.of());
    context.operations().create(ResourceCatalog.PODS, Json.namespace(replicaSet), pod, false);
  }
}
