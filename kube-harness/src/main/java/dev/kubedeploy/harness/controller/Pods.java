package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.resource.Json;

/** Questions the controllers ask about pods. */
final class Pods {

  private Pods() {}

  static boolean isReady(JsonNode pod) {
    for (var condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /** Not being deleted and not finished: a pod that counts towards its controller's replicas. */
  static boolean isActive(JsonNode pod) {
    var phase = pod.path("status").path("phase").asText();
    return !Json.isTerminating(pod) && !phase.equals("Succeeded") && !phase.equals("Failed");
  }

  static String phase(JsonNode pod) {
    return pod.path("status").path("phase").asText("Pending");
  }
}
