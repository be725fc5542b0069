package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.ClusterNetwork;
import dev.kubedeploy.harness.store.ObjectCache;
import dev.kubedeploy.harness.store.ObjectOperations;
import dev.kubedeploy.harness.store.ObjectStore;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * What every simulated controller uses: the store to write, the cache to read, a way to retry
 * later.
 */
record ControllerContext(
    ObjectOperations operations,
    ObjectCache cache,
    ClusterNetwork network,
    PodFaults faults,
    Duration podStartDelay,
    BiConsumer<Object, Duration> later) {

  ObjectStore store() {
    return operations.store();
  }

  /** Processes {@code work} again after {@code delay}. */
  void requeue(Object work, Duration delay) {
    later.accept(work, delay);
  }

  /** Writes {@code status} unless it is what {@code current} already has. */
  void writeStatus(ResourceType type, ObjectNode current, ObjectNode status) {
    if (status.equals(current.get("status"))) {
      return;
    }
    var updated = current.deepCopy();
    updated.set("status", status);
    store().replace(type, Json.namespace(current), Json.name(current), updated);
  }

  /** Writes {@code updated} (a changed copy of a cached object) unless nothing changed. */
  void write(ResourceType type, ObjectNode current, ObjectNode updated) {
    if (updated.equals(current)) {
      return;
    }
    store().replace(type, Json.namespace(current), Json.name(current), updated);
  }
}
