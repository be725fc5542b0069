package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs StatefulSets: pods {@code <name>-0..n-1} created in order (each waits for the previous to be
 * ready unless {@code podManagementPolicy: Parallel}), claims from {@code volumeClaimTemplates},
 * rolling updates from the highest ordinal down one ready pod at a time (honouring {@code
 * partition} and {@code OnDelete}), and the status Helm and kstatus read ({@code currentRevision},
 * {@code updateRevision}, ready and updated counts). No ControllerRevision objects are written.
 */
final class StatefulSetController {

  static final String REVISION_LABEL = "controller-revision-hash";

  private final ControllerContext context;

  StatefulSetController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var set = found.get();
    var name = Json.name(set);
    var spec = set.path("spec");
    var desired = Json.integer(set, 1, "spec", "replicas");
    var updateRevision = name + "-" + Workloads.templateHash(spec.path("template"));
    var strategy = spec.path("updateStrategy");
    var onDelete = strategy.path("type").asText().equals("OnDelete");
    var partition = Json.integer(strategy, 0, "rollingUpdate", "partition");
    var parallel = spec.path("podManagementPolicy").asText().equals("Parallel");

    var pods = podsByOrdinal(set);
    for (var ordinal : List.copyOf(pods.keySet())) {
      if (ordinal >= desired) {
        deletePod(key.namespace(), pods.remove(ordinal));
      }
    }
    for (var ordinal = 0; ordinal < desired; ordinal++) {
      if (pods.containsKey(ordinal)) {
        continue;
      }
      if (!parallel && !allReadyBelow(pods, ordinal)) {
        break;
      }
      ensureClaims(set, ordinal);
      pods.put(ordinal, createPod(set, ordinal, updateRevision));
    }
    if (!onDelete && pods.size() >= desired && pods.values().stream().allMatch(Pods::isReady)) {
      for (var ordinal = desired - 1; ordinal >= partition; ordinal--) {
        var pod = pods.get(ordinal);
        if (pod != null && !updateRevision.equals(revisionOf(pod))) {
          deletePod(key.namespace(), pod);
          break;
        }
      }
    }
    writeStatus(set, updateRevision, desired);
  }

  private void writeStatus(ObjectNode set, String updateRevision, int desired) {
    var pods = podsByOrdinal(set);
    var previous = set.path("status");
    var ready = (int) pods.values().stream().filter(Pods::isReady).count();
    var updated =
        (int) pods.values().stream().filter(p -> updateRevision.equals(revisionOf(p))).count();
    var currentRevision = previous.path("currentRevision").asText(updateRevision);
    if (updated == desired && ready == desired && pods.size() == desired) {
      currentRevision = updateRevision;
    }
    var finalCurrent = currentRevision;
    var current =
        (int) pods.values().stream().filter(p -> finalCurrent.equals(revisionOf(p))).count();
    var status = Json.object();
    status.put("observedGeneration", Json.generation(set));
    status.put("replicas", pods.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    status.put("currentReplicas", current);
    status.put("updatedReplicas", updated);
    status.put("currentRevision", currentRevision);
    status.put("updateRevision", updateRevision);
    status.put("collisionCount", 0);
    context.writeStatus(ResourceCatalog.STATEFUL_SETS, set, status);
  }

  private Map<Integer, ObjectNode> podsByOrdinal(ObjectNode set) {
    var prefix = Json.name(set) + "-";
    var pods = new LinkedHashMap<Integer, ObjectNode>();
    for (var pod : context.cache().dependents(Json.uid(set), ResourceCatalog.PODS)) {
      var podName = Json.name(pod);
      if (Json.isTerminating(pod) || !podName.startsWith(prefix)) {
        continue;
      }
      try {
        pods.put(Integer.parseInt(podName.substring(prefix.length())), pod);
      } catch (NumberFormatException e) {
        // not one of ours
      }
    }
    return pods;
  }

  private static boolean allReadyBelow(Map<Integer, ObjectNode> pods, int ordinal) {
    for (var i = 0; i < ordinal; i++) {
      var pod = pods.get(i);
      if (pod == null || !Pods.isReady(pod)) {
        return false;
      }
    }
    return true;
  }

  private ObjectNode createPod(ObjectNode set, int ordinal, String revision) {
    var name = Json.name(set) + "-" + ordinal;
    var labels = new HashMap<String, String>();
    labels.put(REVISION_LABEL, revision);
    labels.put("statefulset.kubernetes.io/pod-name", name);
    labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
    var pod =
        Workloads.podFrom(
            set.path("spec").path("template"),
            name,
            Workloads.ownerReference(ResourceCatalog.STATEFUL_SETS, set),
            labels);
    var podSpec = Json.child(pod, "spec");
    podSpec.put("hostname", name);
    if (set.path("spec").hasNonNull("serviceName")) {
      podSpec.put("subdomain", set.path("spec").path("serviceName").asText());
    }
    for (var template : set.path("spec").path("volumeClaimTemplates")) {
      var volumeName = Json.name(template);
      var volume = Json.object();
      volume.put("name", volumeName);
      volume
          .putObject("persistentVolumeClaim")
          .put("claimName", claimName(volumeName, set, ordinal));
      podSpec.withArray("volumes").add(volume);
    }
    return context.operations().create(ResourceCatalog.PODS, Json.namespace(set), pod, false);
  }

  private void ensureClaims(ObjectNode set, int ordinal) {
    for (var template : set.path("spec").path("volumeClaimTemplates")) {
      var claimName = claimName(Json.name(template), set, ordinal);
      if (context
          .cache()
          .get(ResourceCatalog.PERSISTENT_VOLUME_CLAIMS, Json.namespace(set), claimName)
          .isPresent()) {
        continue;
      }
      var claim = Json.object();
      claim.put("apiVersion", "v1");
      claim.put("kind", "PersistentVolumeClaim");
      var metadata = claim.putObject("metadata");
      metadata.put("name", claimName);
      var labels = metadata.putObject("labels");
      Json.stringMap(set.path("spec").path("selector").path("matchLabels")).forEach(labels::put);
      claim.set("spec", template.path("spec").deepCopy());
      context
          .operations()
          .create(ResourceCatalog.PERSISTENT_VOLUME_CLAIMS, Json.namespace(set), claim, false);
    }
  }

  private void deletePod(String namespace, JsonNode pod) {
    try {
      context.operations().delete(ResourceCatalog.PODS, namespace, Json.name(pod), false);
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private static String claimName(String template, JsonNode set, int ordinal) {
    return template + "-" + Json.name(set) + "-" + ordinal;
  }

  private static String revisionOf(JsonNode pod) {
    return Json.text(pod, "metadata", "labels", REVISION_LABEL);
  }
}
