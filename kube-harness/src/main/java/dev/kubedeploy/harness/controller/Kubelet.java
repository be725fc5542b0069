package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ClusterNetwork;
import dev.kubedeploy.harness.store.ObjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the scheduler and the kubelet: binds every pod to the one node and writes the status a
 * kubelet would report (phase, conditions, IPs, container statuses with ids), healthy unless a test
 * fault or the pod's own annotations ({@link AnnotatedFaults}) say otherwise, and the Events both
 * would write (Scheduled, Pulled, Started, BackOff, Failed, Unhealthy). Nothing runs: images are
 * not pulled, probes not executed, resources not enforced.
 */
final class Kubelet {

  static final Duration CRASH_BACK_OFF = Duration.ofSeconds(10);

  private static final String KUBELET = "kubelet";

  /** Work item: a crash-looping pod restarts its containers once more. */
  record CrashTick(ObjectKey pod) {}

  private final ControllerContext context;

  /** When the kubelet first saw each pod (by uid): creation timestamps only have whole seconds. */
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  /** The health each pod's events last reported (by uid), so that a state is announced once. */
  private final Map<String, PodHealth> announced = new ConcurrentHashMap<>();

  private final EventRecorder events;

  Kubelet(ControllerContext context) {
    this.context = context;
    this.events = new EventRecorder(context);
  }

  void reconcile(ObjectKey key, boolean restart) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var pod = found.get();
    var startsAt =
        firstSeen
            .computeIfAbsent(Json.uid(pod), uid -> Instant.now())
            .plus(context.podStartDelay());
    var requested = healthOf(pod, startsAt);
    var health = requested.health();
    var updated = pod.deepCopy();
    var spec = Json.child(updated, "spec");
    var binding = !spec.hasNonNull("nodeName");
    if (binding) {
      spec.put("nodeName", ClusterNetwork.NODE_NAME);
    }
    if (Instant.now().isBefore(startsAt)) {
      updated.set("status", starting(pod));
      context.write(ResourceCatalog.PODS, pod, updated);
      if (binding) {
        announceScheduled(pod);
      }
      context.requeue(key, Duration.between(Instant.now(), startsAt).plusMillis(10));
      return;
    }
    updated.set("status", running(pod, health, restart));
    context.write(ResourceCatalog.PODS, pod, updated);
    if (binding) {
      announceScheduled(pod);
    }
    announce(pod, health, restart);
    if (health == PodHealth.CRASH_LOOP) {
      context.requeue(new CrashTick(key), CRASH_BACK_OFF);
    }
    requested
        .changesAt()
        .ifPresent(at -> context.requeue(key, Duration.between(Instant.now(), at).plusMillis(10)));
  }

  private void announceScheduled(ObjectNode pod) {
    events.normal(
        pod,
        "Scheduled",
        "Successfully assigned %s/%s to %s"
            .formatted(Json.namespace(pod), Json.name(pod), ClusterNetwork.NODE_NAME),
        "default-scheduler");
  }

  /**
   * The Events a kubelet writes about a pod entering {@code health}, worded as the kubelet words
   * them; a crash-looping pod's restart repeats its BackOff (raising the Event's count).
   */
  private void announce(ObjectNode pod, PodHealth health, boolean restart) {
    var previous = announced.put(Json.uid(pod), health);
    if (previous == health && !(restart && health == PodHealth.CRASH_LOOP)) {
      return;
    }
    for (var container : pod.path("spec").path("containers")) {
      var name = container.path("name").asText();
      var image = container.path("image").asText();
      if (previous == null && health != PodHealth.IMAGE_PULL_ERROR) {
        events.normal(
            pod,
            "Pulled",
            "Container image \"%s\" already present on machine".formatted(image),
            KUBELET);
        events.normal(pod, "Created", "Created container: " + name, KUBELET);
        events.normal(pod, "Started", "Started container " + name, KUBELET);
      }
      switch (health) {
        case CRASH_LOOP ->
            events.warning(
                pod,
                "BackOff",
                "Back-off restarting failed container %s in pod %s_%s(%s)"
                    .formatted(name, Json.name(pod), Json.namespace(pod), Json.uid(pod)),
                KUBELET);
        case IMAGE_PULL_ERROR -> {
          events.normal(pod, "Pulling", "Pulling image \"%s\"".formatted(image), KUBELET);
          events.warning(
              pod,
              "Failed",
              ("Failed to pull image \"%s\": rpc error: code = NotFound desc = failed to pull and"
                      + " unpack image \"%s\": not found")
                  .formatted(image, image),
              KUBELET);
          events.warning(pod, "Failed", "Error: ErrImagePull", KUBELET);
          events.normal(pod, "BackOff", "Back-off pulling image \"%s\"".formatted(image), KUBELET);
          events.warning(pod, "Failed", "Error: ImagePullBackOff", KUBELET);
        }
        case NOT_READY ->
            events.warning(
                pod,
                "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503",
                KUBELET);
        default -> {
          // running, failed for good or completed: no event beyond the start
        }
      }
    }
  }

  /** A test's fault wins over what the pod's annotations ask for. */
  private AnnotatedFaults.Requested healthOf(ObjectNode pod, Instant startedAt) {
    var fault = context.faults().healthOf(pod, workloads(pod));
    if (fault != PodHealth.HEALTHY) {
      return new AnnotatedFaults.Requested(fault, Optional.empty());
    }
    return AnnotatedFaults.of(pod, startedAt, Instant.now());
  }

  /** The names of the pod's controllers: its owner and, for a ReplicaSet, the Deployment above. */
  private List<String> workloads(JsonNode pod) {
    var names = new ArrayList<String>();
    var owner = Workloads.controllerOf(pod);
    if (owner == null) {
      return names;
    }
    names.add(owner.path("name").asText());
    if (owner.path("kind").asText().equals("ReplicaSet")) {
      context
          .cache()
          .get(ResourceCatalog.REPLICA_SETS, Json.namespace(pod), owner.path("name").asText())
          .map(Workloads::controllerOf)
          .ifPresent(deployment -> names.add(deployment.path("name").asText()));
    }
    return names;
  }

  private ObjectNode starting(ObjectNode pod) {
    var previous = pod.path("status");
    var status = Json.object();
    status.put("phase", "Pending");
    Conditions.set(status, previous, "PodScheduled", true, "", "", false);
    Conditions.set(
        status,
        previous,
        "Ready",
        false,
        "ContainersNotReady",
        "containers with unready status",
        false);
    status.put("hostIP", ClusterNetwork.NODE_IP);
    status.put("qosClass", qosClass(pod));
    var statuses = status.putArray("containerStatuses");
    for (var container : pod.path("spec").path("containers")) {
      var entry = containerBase(pod, container, 0, false);
      entry.put("started", false);
      var waiting = entry.putObject("state").putObject("waiting");
      waiting.put("reason", "ContainerCreating");
      statuses.add(entry);
    }
    return status;
  }

  private ObjectNode running(ObjectNode pod, PodHealth health, boolean restart) {
    var previous = pod.path("status");
    var jobPod = isJobPod(pod);
    var succeeded = jobPod && health == PodHealth.HEALTHY;
    var failed = health == PodHealth.FAILED;
    var pulling = health == PodHealth.IMAGE_PULL_ERROR;
    var ready = health == PodHealth.HEALTHY && !jobPod;
    var startTime = previous.path("startTime").asText(Json.now());

    var status = Json.object();
    status.put(
        "phase", succeeded ? "Succeeded" : failed ? "Failed" : pulling ? "Pending" : "Running");
    Conditions.set(
        status, previous, "PodReadyToStartContainers", !succeeded && !failed, "", "", false);
    Conditions.set(status, previous, "Initialized", true, "", "", false);
    var notReadyReason = succeeded ? "PodCompleted" : "ContainersNotReady";
    var notReadyMessage = succeeded ? "" : "containers with unready status: " + containerNames(pod);
    Conditions.set(
        status,
        previous,
        "Ready",
        ready,
        ready ? "" : notReadyReason,
        ready ? "" : notReadyMessage,
        false);
    Conditions.set(
        status,
        previous,
        "ContainersReady",
        ready,
        ready ? "" : notReadyReason,
        ready ? "" : notReadyMessage,
        false);
    Conditions.set(status, previous, "PodScheduled", true, "", "", false);
    status.put("hostIP", ClusterNetwork.NODE_IP);
    status.putArray("hostIPs").addObject().put("ip", ClusterNetwork.NODE_IP);
    var podIp = previous.path("podIP").asText("");
    if (podIp.isEmpty()) {
      podIp = context.network().nextPodIp();
    }
    status.put("podIP", podIp);
    status.putArray("podIPs").addObject().put("ip", podIp);
    status.put("startTime", startTime);
    status.put("qosClass", qosClass(pod));

    if (pod.path("spec").path("initContainers").size() > 0) {
      var initStatuses = status.putArray("initContainerStatuses");
      for (var container : pod.path("spec").path("initContainers")) {
        var entry = containerBase(pod, container, 0, true);
        entry.put("started", false);
        terminated(entry.putObject("state"), 0, "Completed", startTime);
        initStatuses.add(entry);
      }
    }
    var statuses = status.putArray("containerStatuses");
    for (var container : pod.path("spec").path("containers")) {
      var name = container.path("name").asText();
      var restarts = previousRestarts(previous, name);
      if (health == PodHealth.CRASH_LOOP) {
        restarts = restart ? restarts + 1 : Math.max(1, restarts);
      }
      var entry = containerBase(pod, container, restarts, ready);
      switch (health) {
        case CRASH_LOOP -> {
          entry.put("started", false);
          var waiting = entry.putObject("state").putObject("waiting");
          waiting.put("reason", "CrashLoopBackOff");
          waiting.put(
              "message",
              "back-off %ds restarting failed container=%s pod=%s"
                  .formatted(CRASH_BACK_OFF.toSeconds(), name, Json.name(pod)));
          terminated(entry.putObject("lastState"), 1, "Error", startTime);
        }
        case FAILED -> {
          entry.put("started", false);
          terminated(entry.putObject("state"), 1, "Error", startTime);
        }
        case IMAGE_PULL_ERROR -> {
          // no container was ever created from the image
          entry.remove("containerID");
          entry.put("started", false);
          var waiting = entry.putObject("state").putObject("waiting");
          waiting.put("reason", "ImagePullBackOff");
          waiting.put(
              "message",
              "Back-off pulling image \"%s\"".formatted(container.path("image").asText()));
        }
        default -> {
          if (succeeded) {
            entry.put("started", false);
            terminated(entry.putObject("state"), 0, "Completed", startTime);
          } else {
            entry.put("started", true);
            entry.putObject("state").putObject("running").put("startedAt", startTime);
          }
        }
      }
      statuses.add(entry);
    }
    return status;
  }

  private static ObjectNode containerBase(
      JsonNode pod, JsonNode container, int restarts, boolean ready) {
    var name = container.path("name").asText();
    var image = container.path("image").asText();
    var entry = Json.object();
    entry.put("name", name);
    entry.put("image", image);
    entry.put("imageID", image + "@sha256:" + Workloads.hexDigest("image:" + image));
    entry.put(
        "containerID",
        "containerd://" + Workloads.hexDigest(Json.uid(pod) + "/" + name + "/" + restarts));
    entry.put("ready", ready);
    entry.put("restartCount", restarts);
    return entry;
  }

  private static void terminated(ObjectNode state, int exitCode, String reason, String startedAt) {
    var terminated = state.putObject("terminated");
    terminated.put("exitCode", exitCode);
    terminated.put("reason", reason);
    terminated.put("startedAt", startedAt);
    terminated.put("finishedAt", startedAt);
  }

  private static int previousRestarts(JsonNode previous, String container) {
    for (var status : previous.path("containerStatuses")) {
      if (status.path("name").asText().equals(container)) {
        return status.path("restartCount").asInt(0);
      }
    }
    return 0;
  }

  private static boolean isJobPod(JsonNode pod) {
    var owner = Workloads.controllerOf(pod);
    var restartPolicy = pod.path("spec").path("restartPolicy").asText("Always");
    return (owner != null && owner.path("kind").asText().equals("Job"))
        || !restartPolicy.equals("Always");
  }

  private static String containerNames(JsonNode pod) {
    var names = new ArrayList<String>();
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
    return "[" + String.join(" ", names) + "]";
  }

  private static String qosClass(JsonNode pod) {
    var anyResources = false;
    for (var container : pod.path("spec").path("containers")) {
      var resources = container.path("resources");
      if (resources.path("requests").size() > 0 || resources.path("limits").size() > 0) {
        anyResources = true;
      }
    }
    return anyResources ? "Burstable" : "BestEffort";
  }

  /** Forgets a pod that is gone. */
  void forget(String uid) {
    firstSeen.remove(uid);
    announced.remove(uid);
  }
}
