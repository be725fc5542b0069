package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/** What the workload controllers share: template hashes, owner references, pods from templates. */
final class Workloads {

  /** The alphabet Kubernetes uses for generated names and template hashes (no vowels). */
  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private Workloads() {}

  /** A short stable hash of a pod template, spelled the way Kubernetes spells its hashes. */
  static String templateHash(JsonNode template) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(canonical(template)).getBytes(StandardCharsets.UTF_8));
      var hash = new StringBuilder();
      for (var i = 0; i < 10; i++) {
        hash.append(SAFE_ALPHABET.charAt((digest[i] & 0xff) % SAFE_ALPHABET.length()));
      }
      return hash.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A hex digest, for container ids and image ids that must look real and stay stable. */
  static String hexDigest(String text) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      var hex = new StringBuilder();
      for (var b : digest) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode ownerReference(ResourceType type, JsonNode owner) {
    var reference = Json.object();
    reference.put("apiVersion", type.apiVersion());
    reference.put("kind", type.kind());
    reference.put("name", Json.name(owner));
    reference.put("uid", Json.uid(owner));
    reference.put("controller", true);
    reference.put("blockOwnerDeletion", true);
    return reference;
  }

  /** The owner reference marked {@code controller: true}, or null. */
  static JsonNode controllerOf(JsonNode object) {
    for (var reference : object.path("metadata").path("ownerReferences")) {
      if (reference.path("controller").asBoolean(false)) {
        return reference;
      }
    }
    return null;
  }

  /** A pod as a controller creates it from its template. */
  static ObjectNode podFrom(
      JsonNode template, String name, ObjectNode ownerReference, Map<String, String> extraLabels) {
    var pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    var metadata = pod.putObject("metadata");
    metadata.put("name", name);
    var templateMetadata = template.path("metadata");
    var labels = metadata.putObject("labels");
    Json.stringMap(templateMetadata.path("labels")).forEach(labels::put);
    extraLabels.forEach(labels::put);
    if (templateMetadata.has("annotations")) {
      metadata.set("annotations", templateMetadata.get("annotations").deepCopy());
    }
    metadata.putArray("ownerReferences").add(ownerReference);
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }

  /** The template with extra labels, as a ReplicaSet or revision stores it. */
  static ObjectNode labelledTemplate(JsonNode template, Map<String, String> extraLabels) {
    var copy = template.isObject() ? ((ObjectNode) template).deepCopy() : Json.object();
    var labels = Json.child(Json.child(copy, "metadata"), "labels");
    extraLabels.forEach(labels::put);
    return copy;
  }

  /** {@code 25%} of {@code total}, or a plain number; percentages round as {@code roundUp} says. */
  static int intOrPercent(JsonNode value, int total, boolean roundUp, int fallback) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (value.isNumber()) {
      return value.asInt();
    }
    var text = value.asText().trim();
    if (text.endsWith("%")) {
      var percent = Double.parseDouble(text.substring(0, text.length() - 1));
      var exact = percent * total / 100.0;
      return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static JsonNode canonical(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var sorted = new TreeMap<String, JsonNode>();
      object.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      var copy = Json.object();
      sorted.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      var elements = new ArrayList<JsonNode>();
      array.forEach(e -> elements.add(canonical(e)));
      var copy = Json.array();
      elements.forEach(copy::add);
      return copy;
    }
    return node;
  }

  /**
   * Whether a pod create was refused by admission (quota, LimitRange, Pod Security): the controller
   * then reports it on its object and tries again later, as Kubernetes' controllers do.
   */
  static boolean isAdmissionRefusal(ApiException e) {
    return e.code() == 403 && "Forbidden".equals(e.reason());
  }
}
