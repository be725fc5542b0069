package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kubedeploy.harness.patch.ApplyPatch;
import dev.kubedeploy.harness.patch.JsonMergePatch;
import dev.kubedeploy.harness.patch.StrategicMergePatch;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.FieldSelector;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API server's write semantics on top of the {@link ObjectStore}: defaults, status kept apart
 * from the object, the {@code status} and {@code scale} subresources, every patch type (JSON,
 * merge, strategic merge, apply), dry runs, finalizers, namespaces that terminate, and no new
 * objects in a namespace that does not exist.
 */
public final class ObjectOperations {

  private static final int PATCH_ATTEMPTS = 10;

  /** The finalizer that keeps a terminating namespace until its contents are gone. */
  public static final String NAMESPACE_FINALIZER = "kubernetes";

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A PATCH request's body and how it is encoded. */
  public record Patch(String contentType, byte[] body, String fieldManager) {

    String mediaType() {
      var semicolon = contentType == null ? -1 : contentType.indexOf(';');
      var type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
      return type == null ? "" : type.trim();
    }

    boolean isApply() {
      return mediaType().equals("application/apply-patch+yaml");
    }
  }

  private final ObjectStore store;
  private final Defaults defaults;
  private final Admission admission;
  private final Map<String, Object> namespaceLocks = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Per object uid, per field manager: the configuration it applied last (server-side apply). */
  private final Map<String, Map<String, ObjectNode>> lastApplied = new ConcurrentHashMap<>();

  public ObjectOperations(ObjectStore store, ClusterNetwork network) {
    this(store, network, Admission.NONE);
  }

  public ObjectOperations(ObjectStore store, ClusterNetwork network, Admission admission) {
    this.store = store;
    this.defaults = new Defaults(network);
    this.admission = admission;
    store.addListener(
        event -> {
          if (event.type() == StoreEvent.Type.DELETED) {
            lastApplied.remove(Json.uid(event.object()));
          }
        });
  }

  public ObjectStore store() {
    return store;
  }

  public ObjectNode create(ResourceType type, String namespace, ObjectNode body, boolean dryRun) {
    var object = normalized(type, namespace, body);
    var metadata = Json.metadata(object);
    var name = metadata.path("name").asText("");
    if (name.isEmpty() && metadata.hasNonNull("generateName")) {
      name = metadata.path("generateName").asText() + randomSuffix();
      metadata.put("name", name);
    }
    if (name.isEmpty()) {
      throw new ApiException(
          422,
          "Invalid",
          type.kind()
              + " is invalid: metadata.name: Required value: name or generateName is required");
    }
    if (type.namespaced()) {
      requireLiveNamespace(namespace);
    }
    for (var field :
        List.of("resourceVersion", "uid", "creationTimestamp", "deletionTimestamp", "generation")) {
      metadata.remove(field);
    }
    defaults.initialStatus(type, object);
    defaults.apply(type, object, null);
    // admission and the write are one step per namespace, so that two writes cannot both pass a
    // quota that has room for one
    synchronized (lockOf(namespace)) {
      var admitted =
          admission.admit(
              new Admission.Request(
                  Admission.Operation.CREATE, type, namespace, object, null, dryRun));
      if (dryRun) {
        if (store.get(type, namespace, name).isPresent()) {
          throw ApiException.alreadyExists(type, name);
        }
        var dryMetadata = Json.metadata(admitted);
        dryMetadata.put("uid", UUID.randomUUID().toString());
        dryMetadata.put("creationTimestamp", Json.now());
        dryMetadata.put("generation", 1);
        return admitted;
      }
      return store.create(type, namespace, admitted);
    }
  }

  private Object lockOf(String namespace) {
    return namespaceLocks.computeIfAbsent(namespace == null ? "" : namespace, n -> new Object());
  }

  /** PUT of an object or of its {@code status} subresource. */
  public ObjectNode update(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      ObjectNode body,
      boolean dryRun) {
    var current = store.require(type, namespace, name);
    ObjectNode candidate;
    if ("status".equals(subresource)) {
      candidate = current.deepCopy();
      if (body.has("status")) {
        candidate.set("status", body.get("status"));
      } else {
        candidate.remove("status");
      }
      var version = Json.text(body, "metadata", "resourceVersion");
      if (version != null) {
        Json.metadata(candidate).put("resourceVersion", version);
      }
    } else {
      candidate = normalized(type, namespace, body);
      if (type.hasStatus()) {
        if (current.has("status")) {
          candidate.set("status", current.get("status").deepCopy());
        } else {
          candidate.remove("status");
        }
      }
      defaults.apply(type, candidate, current);
      synchronized (lockOf(namespace)) {
        var admitted =
            admission.admit(
                new Admission.Request(
                    Admission.Operation.UPDATE, type, namespace, candidate, current, dryRun));
        return write(type, namespace, name, current, admitted, dryRun);
      }
    }
    return write(type, namespace, name, current, candidate, dryRun);
  }

  /** PATCH of an object or of its {@code status} subresource; apply creates when missing. */
  public ObjectNode patch(
      ResourceType type,
      String namespace,
      String name,
      String subresource,
      Patch patch,
      boolean dryRun) {
    for (var attempt = 1; ; attempt++) {
      var current = store.get(type, namespace, name);
      if (current.isEmpty()) {
        if (patch.isApply() && subresource == null) {
          var config = parseApply(patch);
          var created = create(type, namespace, withName(config, name), dryRun);
          if (!dryRun) {
            remember(created, patch.fieldManager(), config);
          }
          return created;
        }
        throw ApiException.notFound(type, name);
      }
      var live = current.get();
      var patched = patched(type, live, patch);
      var explicitVersion = Json.text(patched, "metadata", "resourceVersion");
      var pinned =
          explicitVersion != null
              && !explicitVersion.equals(Json.text(live, "metadata", "resourceVersion"));
      if (explicitVersion == null) {
        Json.metadata(patched)
            .put("resourceVersion", Json.text(live, "metadata", "resourceVersion"));
      }
      try {
        var result = update(type, namespace, name, subresource, patched, dryRun);
        if (patch.isApply() && !dryRun) {
          remember(result, patch.fieldManager(), parseApply(patch));
        }
        return result;
      } catch (ApiException e) {
        if (e.code() != 409 || pinned || attempt == PATCH_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The {@code autoscaling/v1} Scale of a workload. */
  public ObjectNode scale(ResourceType type, String namespace, String name) {
    var object = store.require(type, namespace, name);
    return scaleOf(object);
  }

  public ObjectNode updateScale(
      ResourceType type, String namespace, String name, ObjectNode scale, boolean dryRun) {
    var current = store.require(type, namespace, name);
    var candidate = current.deepCopy();
    Json.child(candidate, "spec").put("replicas", scale.path("spec").path("replicas").asInt(0));
    var version = Json.text(scale, "metadata", "resourceVersion");
    if (version != null) {
      Json.metadata(candidate).put("resourceVersion", version);
    }
    return scaleOf(write(type, namespace, name, current, candidate, dryRun));
  }

  public ObjectNode patchScale(
      ResourceType type, String namespace, String name, Patch patch, boolean dryRun) {
    var scale = scale(type, namespace, name);
    var patched = patched(type, scale, patch);
    return updateScale(type, namespace, name, patched, dryRun);
  }

  /**
   * DELETE: removes the object, or marks it for deletion while finalizers remain; a namespace turns
   * {@code Terminating} and is removed by the namespace controller once it is empty.
   */
  public ObjectNode delete(ResourceType type, String namespace, String name, boolean dryRun) {
    var current = store.require(type, namespace, name);
    if (dryRun) {
      return current;
    }
    var finalizers = current.path("metadata").path("finalizers");
    if (type == ResourceCatalog.NAMESPACES || !finalizers.isEmpty()) {
      if (Json.isTerminating(current)) {
        return current;
      }
      var marked = current.deepCopy();
      Json.metadata(marked).put("deletionTimestamp", Json.now());
      Json.metadata(marked).put("deletionGracePeriodSeconds", 0);
      if (type == ResourceCatalog.NAMESPACES) {
        Json.child(marked, "status").put("phase", "Terminating");
        // The mock removes an object marked for deletion once it has no finalizer left; this one
        // holds the namespace until the namespace controller has emptied it.
        var held = Json.metadata(marked).withArray("finalizers");
        if (!held.toString().contains("\"" + NAMESPACE_FINALIZER + "\"")) {
          held.add(NAMESPACE_FINALIZER);
        }
      }
      return store.replace(type, namespace, name, marked);
    }
    return store.remove(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
  }

  public List<ObjectNode> deleteCollection(
      ResourceType type,
      String namespace,
      LabelSelector labels,
      FieldSelector fields,
      boolean dryRun) {
    var deleted = new ArrayList<ObjectNode>();
    for (var object : store.list(type, namespace).items()) {
      if (labels.matches(object) && fields.matches(object)) {
        try {
          deleted.add(delete(type, Json.namespace(object), Json.name(object), dryRun));
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
    }
    return deleted;
  }

  private ObjectNode write(
      ResourceType type,
      String namespace,
      String name,
      ObjectNode current,
      ObjectNode candidate,
      boolean dryRun) {
    var currentMetadata = current.path("metadata");
    var metadata = Json.metadata(candidate);
    if (currentMetadata.has("deletionTimestamp")) {
      metadata.set("deletionTimestamp", currentMetadata.get("deletionTimestamp"));
    }
    var version = metadata.path("resourceVersion").asText("");
    if (!version.isEmpty() && !version.equals(currentMetadata.path("resourceVersion").asText())) {
      throw ApiException.conflict(type, name);
    }
    if (dryRun) {
      return candidate;
    }
    if (Json.isTerminating(candidate)
        && metadata.path("finalizers").isEmpty()
        && type != ResourceCatalog.NAMESPACES) {
      return store.remove(type, namespace, name).orElse(candidate);
    }
    return store.replace(type, namespace, name, candidate);
  }

  private ObjectNode patched(ResourceType type, ObjectNode live, Patch patch) {
    try {
      return switch (patch.mediaType()) {
        case "application/json-patch+json" -> {
          var operations = Json.MAPPER.readTree(patch.body());
          if (!(operations instanceof ArrayNode)) {
            throw new ApiException(400, "BadRequest", "a JSON patch must be a JSON array");
          }
          yield asObject(JsonPatch.apply(operations, live));
        }
        case "application/merge-patch+json" ->
            asObject(JsonMergePatch.apply(live, Json.parseObject(patch.body())));
        case "application/strategic-merge-patch+json" ->
            StrategicMergePatch.apply(live, Json.parseObject(patch.body()));
        case "application/apply-patch+yaml" -> {
          var config = parseApply(patch);
          var before = lastApplied.getOrDefault(Json.uid(live), Map.of()).get(manager(patch));
          yield ApplyPatch.apply(live, before, withName(config, Json.name(live)));
        }
        default ->
            throw new ApiException(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
      };
    } catch (JsonPatchException e) {
      throw new ApiException(422, "Invalid", "the JSON patch cannot be applied: " + e.getMessage());
    } catch (IOException e) {
      throw new ApiException(400, "BadRequest", "invalid patch body: " + e.getMessage());
    }
  }

  private ObjectNode parseApply(Patch patch) {
    try {
      var node = YAML.readTree(patch.body());
      if (!(node instanceof ObjectNode object)) {
        throw new ApiException(400, "BadRequest", "an apply configuration must be an object");
      }
      return (ObjectNode) Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(object));
    } catch (IOException e) {
      throw new ApiException(400, "BadRequest", "invalid apply configuration: " + e.getMessage());
    }
  }

  private void remember(ObjectNode object, String fieldManager, ObjectNode config) {
    var uid = Json.uid(object);
    if (uid != null) {
      lastApplied
          .computeIfAbsent(uid, u -> new ConcurrentHashMap<>())
          .put(fieldManager == null ? "" : fieldManager, config);
    }
  }

  private static String manager(Patch patch) {
    return patch.fieldManager() == null ? "" : patch.fieldManager();
  }

  private void requireLiveNamespace(String namespace) {
    var found = store.get(ResourceCatalog.NAMESPACES, null, namespace);
    if (found.isEmpty()) {
      throw new ApiException(404, "NotFound", "namespaces \"%s\" not found".formatted(namespace));
    }
    if (Json.isTerminating(found.get())) {
      throw new ApiException(
          403,
          "Forbidden",
          "unable to create new content in namespace %s because it is being terminated"
              .formatted(namespace));
    }
  }

  private static ObjectNode normalized(ResourceType type, String namespace, ObjectNode body) {
    var object = body.deepCopy();
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    var metadata = Json.metadata(object);
    if (type.namespaced()) {
      var declared = metadata.path("namespace").asText("");
      if (!declared.isEmpty() && !declared.equals(namespace)) {
        throw new ApiException(
            400,
            "BadRequest",
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    return object;
  }

  private static ObjectNode withName(ObjectNode config, String name) {
    var copy = config.deepCopy();
    var declared = Json.text(copy, "metadata", "name");
    if (declared != null && !declared.equals(name)) {
      throw new ApiException(
          400,
          "BadRequest",
          "the name of the object (%s) does not match the name on the URL (%s)"
              .formatted(declared, name));
    }
    Json.metadata(copy).put("name", name);
    return copy;
  }

  private static ObjectNode asObject(JsonNode node) {
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw new ApiException(422, "Invalid", "the patch does not leave an object");
  }

  private String randomSuffix() {
    var suffix = new StringBuilder();
    for (var i = 0; i < 5; i++) {
      suffix.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return suffix.toString();
  }

  /** Generated names as the API server makes them from {@code generateName}. */
  public String generatedName(String prefix) {
    return prefix + randomSuffix();
  }

  private static ObjectNode scaleOf(ObjectNode object) {
    var scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    var metadata = scale.putObject("metadata");
    for (var field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      var value = object.path("metadata").get(field);
      if (value != null) {
        metadata.set(field, value);
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
    var status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    status.put("selector", selectorText(object.path("spec").path("selector")));
    return scale;
  }

  private static String selectorText(JsonNode selector) {
    var parts = new ArrayList<String>();
    Json.stringMap(selector.path("matchLabels")).forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
