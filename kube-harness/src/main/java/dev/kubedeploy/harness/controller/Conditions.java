package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;

/** Builds status conditions the way controllers do, keeping transition times that did not move. */
final class Conditions {

  private Conditions() {}

  /**
   * Sets condition {@code type} in {@code status.conditions}. Its {@code lastTransitionTime} is
   * taken from {@code previous} when the status did not change, so that an unchanged state writes
   * an identical object (and no watch event).
   *
   * @param updateTime whether the condition carries {@code lastUpdateTime} (Deployments do)
   */
  static void set(
      ObjectNode status,
      JsonNode previous,
      String type,
      boolean value,
      String reason,
      String message,
      boolean updateTime) {
    var conditions =
        status.get("conditions") instanceof ArrayNode array ? array : status.putArray("conditions");
    var old = find(previous.path("conditions"), type);
    var statusText = value ? "True" : "False";
    var condition = Json.object();
    condition.put("type", type);
    condition.put("status", statusText);
    var now = Json.now();
    var unchanged = old != null && old.path("status").asText().equals(statusText);
    var sameDetails =
        unchanged
            && old.path("reason").asText().equals(reason)
            && old.path("message").asText().equals(message);
    if (updateTime) {
      condition.put("lastUpdateTime", sameDetails ? old.path("lastUpdateTime").asText(now) : now);
    }
    condition.put(
        "lastTransitionTime", unchanged ? old.path("lastTransitionTime").asText(now) : now);
    if (!reason.isEmpty()) {
      condition.put("reason", reason);
    }
    if (!message.isEmpty()) {
      condition.put("message", message);
    }
    conditions.add(condition);
  }

  static JsonNode find(JsonNode conditions, String type) {
    for (var condition : conditions) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return null;
  }
}
