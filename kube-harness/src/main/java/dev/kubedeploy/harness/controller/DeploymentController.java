package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rolls Deployments out through ReplicaSets: one ReplicaSet per pod template (named by its {@code
 * pod-template-hash}), the new one scaled to the desired count at once, old ones scaled down as new
 * pods turn ready within {@code maxUnavailable} (Recreate: old ones first), rollbacks reusing the
 * ReplicaSet of the old template. Status as the real controller reports it, including the {@code
 * Available} and {@code Progressing} conditions kstatus reads and {@code ProgressDeadlineExceeded}
 * once {@code progressDeadlineSeconds} pass.
 */
final class DeploymentController {

  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";

  private final ControllerContext context;
  private final EventRecorder events;

  DeploymentController(ControllerContext context) {
    this.context = context;
    this.events = new EventRecorder(context);
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var deployment = found.get();
    var spec = deployment.path("spec");
    var desired = Json.integer(deployment, 1, "spec", "replicas");
    var template = spec.path("template");
    var hash = Workloads.templateHash(template);
    var owned = ownedReplicaSets(deployment);
    var maxRevision = owned.stream().mapToInt(DeploymentController::revision).max().orElse(0);
    var newReplicaSet =
        owned.stream().filter(rs -> hash.equals(hashOf(rs))).findFirst().orElse(null);
    var paused = spec.path("paused").asBoolean(false);

    var strategy = spec.path("strategy");
    var recreate = strategy.path("type").asText("RollingUpdate").equals("Recreate");
    var rolling = strategy.path("rollingUpdate");
    var maxSurge = recreate ? 0 : Workloads.intOrPercent(rolling.get("maxSurge"), desired, true, 1);
    var maxUnavailable =
        recreate
            ? desired
            : Workloads.intOrPercent(rolling.get("maxUnavailable"), desired, false, 0);
    if (!recreate && maxSurge == 0 && maxUnavailable == 0) {
      maxUnavailable = 1;
    }

    if (!paused) {
      var old = new ArrayList<>(owned);
      if (newReplicaSet != null) {
        old.remove(newReplicaSet);
      }
      var oldPods = old.stream().mapToInt(rs -> pods(rs).size()).sum();
      var newTarget = recreate && oldPods > 0 ? 0 : desired;
      if (newReplicaSet == null) {
        newReplicaSet = createReplicaSet(deployment, hash, maxRevision + 1, newTarget);
      } else {
        newReplicaSet =
            scale(
                deployment,
                newReplicaSet,
                newTarget,
                revision(newReplicaSet) < maxRevision ? maxRevision + 1 : 0);
      }
      var newReady = (int) pods(newReplicaSet).stream().filter(Pods::isReady).count();
      var oldAllowed = recreate ? 0 : Math.max(0, desired - maxUnavailable - newReady);
      old.sort(Comparator.comparingInt(DeploymentController::revision).reversed());
      for (var replicaSet : old) {
        var keep = Math.min(Json.integer(replicaSet, 0, "spec", "replicas"), oldAllowed);
        oldAllowed -= keep;
        scale(deployment, replicaSet, keep, 0);
      }
    }
    writeStatus(deployment, newReplicaSet, desired, maxUnavailable);
  }

  private void writeStatus(
      ObjectNode deployment, ObjectNode newReplicaSet, int desired, int maxUnavailable) {
    var allPods = new ArrayList<ObjectNode>();
    ownedReplicaSets(deployment).forEach(rs -> allPods.addAll(pods(rs)));
    var newPods = newReplicaSet == null ? List.<ObjectNode>of() : pods(newReplicaSet);
    var ready = (int) allPods.stream().filter(Pods::isReady).count();
    var newReady = (int) newPods.stream().filter(Pods::isReady).count();
    var previous = deployment.path("status");

    var status = Json.object();
    status.put("observedGeneration", Json.generation(deployment));
    status.put("replicas", allPods.size());
    status.put("updatedReplicas", newPods.size());
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    if (desired - ready > 0) {
      status.put("unavailableReplicas", desired - ready);
    }
    var available = ready >= desired - maxUnavailable;
    Conditions.set(
        status,
        previous,
        "Available",
        available,
        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available
            ? "Deployment has minimum availability."
            : "Deployment does not have minimum availability.",
        true);
    var rsName = newReplicaSet == null ? Json.name(deployment) : Json.name(newReplicaSet);
    var complete = newPods.size() == desired && allPods.size() == desired && newReady == desired;
    var deadline = Json.integer(deployment, 600, "spec", "progressDeadlineSeconds");
    if (complete) {
      Conditions.set(
          status,
          previous,
          "Progressing",
          true,
          "NewReplicaSetAvailable",
          "ReplicaSet \"%s\" has successfully progressed.".formatted(rsName),
          true);
    } else {
      var progressing = Conditions.find(previous.path("conditions"), "Progressing");
      var since = progressSince(progressing, rsName);
      var overdue = Instant.now().isAfter(since.plusSeconds(deadline));
      if (overdue) {
        Conditions.set(
            status,
            previous,
            "Progressing",
            false,
            "ProgressDeadlineExceeded",
            "ReplicaSet \"%s\" has timed out progressing.".formatted(rsName),
            true);
      } else {
        Conditions.set(
            status,
            previous,
            "Progressing",
            true,
            "ReplicaSetUpdated",
            "ReplicaSet \"%s\" is progressing.".formatted(rsName),
            true);
        context.requeue(
            ObjectKey.of(ResourceCatalog.DEPLOYMENTS, deployment),
            Duration.between(Instant.now(), since.plusSeconds(deadline)).plusMillis(100));
      }
    }
    var replicaFailure =
        newReplicaSet == null
            ? null
            : Conditions.find(newReplicaSet.path("status").path("conditions"), "ReplicaFailure");
    if (replicaFailure != null) {
      Conditions.set(
          status,
          previous,
          "ReplicaFailure",
          true,
          replicaFailure.path("reason").asText(),
          replicaFailure.path("message").asText(),
          true);
    }
    context.writeStatus(ResourceCatalog.DEPLOYMENTS, deployment, status);
  }

  /** When the current rollout started progressing, from the condition it left last time. */
  private static Instant progressSince(JsonNode progressing, String rsName) {
    if (progressing != null
        && progressing.path("message").asText().contains("\"" + rsName + "\"")
        && !progressing.path("reason").asText().equals("NewReplicaSetAvailable")) {
      try {
        return Instant.parse(progressing.path("lastUpdateTime").asText());
      } catch (RuntimeException e) {
        return Instant.now();
      }
    }
    return Instant.now();
  }

  private List<ObjectNode> ownedReplicaSets(ObjectNode deployment) {
    var uid = Json.uid(deployment);
    return new ArrayList<>(
        context.cache().dependents(uid, ResourceCatalog.REPLICA_SETS).stream()
            .filter(rs -> !Json.isTerminating(rs))
            .filter(
                rs -> {
                  var owner = Workloads.controllerOf(rs);
                  return owner != null && uid.equals(owner.path("uid").asText());
                })
            .toList());
  }

  private List<ObjectNode> pods(ObjectNode replicaSet) {
    return context.cache().dependents(Json.uid(replicaSet), ResourceCatalog.PODS).stream()
        .filter(pod -> !Json.isTerminating(pod))
        .toList();
  }

  private ObjectNode createReplicaSet(
      ObjectNode deployment, String hash, int revision, int replicas) {
    var spec = deployment.path("spec");
    var template = Workloads.labelledTemplate(spec.path("template"), Map.of(HASH_LABEL, hash));
    var replicaSet = Json.object();
    replicaSet.put("apiVersion", "apps/v1");
    replicaSet.put("kind", "ReplicaSet");
    var metadata = replicaSet.putObject("metadata");
    metadata.put("name", Json.name(deployment) + "-" + hash);
    metadata.set("labels", template.path("metadata").path("labels").deepCopy());
    metadata.putObject("annotations").put(REVISION, Integer.toString(revision));
    metadata
        .putArray("ownerReferences")
        .add(Workloads.ownerReference(ResourceCatalog.DEPLOYMENTS, deployment));
    var rsSpec = replicaSet.putObject("spec");
    rsSpec.put("replicas", replicas);
    if (spec.has("minReadySeconds")) {
      rsSpec.set("minReadySeconds", spec.get("minReadySeconds"));
    }
    var selector =
        spec.path("selector").isObject()
            ? ((ObjectNode) spec.path("selector")).deepCopy()
            : Json.object();
    Json.child(selector, "matchLabels").put(HASH_LABEL, hash);
    rsSpec.set("selector", selector);
    rsSpec.set("template", template);
    var created =
        context
            .operations()
            .create(ResourceCatalog.REPLICA_SETS, Json.namespace(deployment), replicaSet, false);
    announceScaling(deployment, created, 0, replicas);
    return created;
  }

  /** Sets a ReplicaSet's replicas (and its revision when {@code revision} is positive). */
  private ObjectNode scale(
      ObjectNode deployment, ObjectNode replicaSet, int replicas, int revision) {
    var updated = replicaSet.deepCopy();
    Json.child(updated, "spec").put("replicas", replicas);
    if (revision > 0) {
      Json.child(Json.metadata(updated), "annotations").put(REVISION, Integer.toString(revision));
    }
    if (updated.equals(replicaSet)) {
      return replicaSet;
    }
    var scaled =
        context
            .store()
            .replace(
                ResourceCatalog.REPLICA_SETS,
                Json.namespace(replicaSet),
                Json.name(replicaSet),
                updated);
    announceScaling(deployment, scaled, Json.integer(replicaSet, 1, "spec", "replicas"), replicas);
    return scaled;
  }

  /** The Event the deployment controller writes on the Deployment when it scales a ReplicaSet. */
  private void announceScaling(ObjectNode deployment, ObjectNode replicaSet, int from, int to) {
    if (from == to) {
      return;
    }
    events.normal(
        deployment,
        "ScalingReplicaSet",
        "Scaled %s replica set %s from %d to %d"
            .formatted(to > from ? "up" : "down", Json.name(replicaSet), from, to),
        "deployment-controller");
  }

  private static String hashOf(JsonNode replicaSet) {
    return Json.text(replicaSet, "metadata", "labels", HASH_LABEL);
  }

  private static int revision(JsonNode replicaSet) {
    var text = Json.text(replicaSet, "metadata", "annotations", REVISION);
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
