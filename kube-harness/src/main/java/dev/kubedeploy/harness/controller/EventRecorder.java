package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes core/v1 Events about objects, as controllers' event recorders do: a repeat of the same
 * reason and message on the same object raises the first event's {@code count} and {@code
 * lastTimestamp}.
 */
final class EventRecorder {

  private final ControllerContext context;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  EventRecorder(ControllerContext context) {
    this.context = context;
  }

  void warning(ObjectNode object, String reason, String message, String component) {
    record(object, "Warning", reason, message, component);
  }

  void normal(ObjectNode object, String reason, String message, String component) {
    record(object, "Normal", reason, message, component);
  }

  private void record(
      ObjectNode object, String type, String reason, String message, String component) {
    var namespace = Json.namespace(object);
    var key = Json.uid(object) + "\n" + reason + "\n" + message;
    var existing =
        names.containsKey(key)
            ? context.cache().get(ResourceCatalog.EVENTS, namespace, names.get(key))
            : Optional.<ObjectNode>empty();
    var now = Json.now();
    if (existing.isPresent()) {
      var repeated = existing.get().deepCopy();
      repeated.put("count", repeated.path("count").asInt(1) + 1);
      repeated.put("lastTimestamp", now);
      try {
        context.store().replace(ResourceCatalog.EVENTS, namespace, Json.name(repeated), repeated);
      } catch (ApiException e) {
        // an event is best effort, as in Kubernetes
      }
      return;
    }
    var event = Json.object();
    var name =
        Json.name(object)
            + "."
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Json.metadata(event).put("name", name);
    var involved = event.putObject("involvedObject");
    involved.put("kind", Json.text(object, "kind"));
    involved.put("namespace", namespace);
    involved.put("name", Json.name(object));
    involved.put("uid", Json.uid(object));
    involved.put("apiVersion", Json.text(object, "apiVersion"));
    event.put("reason", reason);
    event.put("message", message);
    event.put("type", type);
    event.put("count", 1);
    event.put("firstTimestamp", now);
    event.put("lastTimestamp", now);
    event.putObject("source").put("component", component);
    event.put("reportingComponent", component);
    try {
      context.operations().create(ResourceCatalog.EVENTS, namespace, event, false);
      names.put(key, name);
    } catch (ApiException e) {
      // an event is best effort, as in Kubernetes
    }
  }
}
