package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ClusterNetwork;
import dev.kubedeploy.harness.store.ObjectKey;
import java.util.List;
import java.util.Map;

/**
 * Runs DaemonSets on the harness's single node: one pod, replaced when the template changes (unless
 * {@code OnDelete}). Node selectors, affinities and tolerations are not evaluated.
 */
final class DaemonSetController {

  private final ControllerContext context;

  DaemonSetController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var set = found.get();
    var template = set.path("spec").path("template");
    var hash = Workloads.templateHash(template);
    var onDelete = set.path("spec").path("updateStrategy").path("type").asText().equals("OnDelete");
    var pods = pods(set);
    if (!onDelete) {
      for (var pod : pods) {
        if (!hash.equals(
            Json.text(pod, "metadata", "labels", StatefulSetController.REVISION_LABEL))) {
          try {
            context
                .operations()
                .delete(ResourceCatalog.PODS, key.namespace(), Json.name(pod), false);
          } catch (ApiException e) {
            if (e.code() != 404) {
              throw e;
            }
          }
        }
      }
      pods = pods(set);
    }
    if (pods.isEmpty()) {
      var pod =
          Workloads.podFrom(
              template,
              context.operations().generatedName(Json.name(set) + "-"),
              Workloads.ownerReference(ResourceCatalog.DAEMON_SETS, set),
              Map.of(StatefulSetController.REVISION_LABEL, hash));
      Json.child(pod, "spec").put("nodeName", ClusterNetwork.NODE_NAME);
      context.operations().create(ResourceCatalog.PODS, key.namespace(), pod, false);
      pods = pods(set);
    }
    var ready = (int) pods.stream().filter(Pods::isReady).count();
    var updated =
        (int)
            pods.stream()
                .filter(
                    p ->
                        hash.equals(
                            Json.text(
                                p, "metadata", "labels", StatefulSetController.REVISION_LABEL)))
                .count();
    var status = Json.object();
    status.put("observedGeneration", Json.generation(set));
    status.put("desiredNumberScheduled", 1);
    status.put("currentNumberScheduled", Math.min(1, pods.size()));
    status.put("numberMisscheduled", 0);
    status.put("numberReady", ready);
    status.put("updatedNumberScheduled", updated);
    status.put("numberAvailable", ready);
    if (ready < 1) {
      status.put("numberUnavailable", 1 - ready);
    }
    context.writeStatus(ResourceCatalog.DAEMON_SETS, set, status);
  }

  private List<ObjectNode> pods(ObjectNode set) {
    return context.cache().dependents(Json.uid(set), ResourceCatalog.PODS).stream()
        .filter(pod -> !Json.isTerminating(pod))
        .toList();
  }
}
