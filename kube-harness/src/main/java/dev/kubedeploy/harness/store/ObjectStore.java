package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Objects kept by the Fabric8 mock server in CRUD mode, called in process: it assigns uids,
 * creation timestamps, resource versions and generations, refuses duplicates and stale updates, and
 * stores. Everything the mock gets wrong or leaves out is done around it, by the callers.
 */
public final class ObjectStore {

  /** A list read, with the resource version the store had when it was read. */
  public record Listing(List<ObjectNode> items, String resourceVersion) {}

  private final RecordingCrudDispatcher crud = new RecordingCrudDispatcher(this::changed);
  private final ObjectCache cache = new ObjectCache();
  private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Whether the mock finds every object by name without scanning (see {@link
   * RecordingCrudDispatcher}).
   */
  boolean findsByIndex() {
    return crud.indexComplete();
  }

  /** The index every read is served from, kept from the mock's changes. */
  public ObjectCache cache() {
    return cache;
  }

  /**
   * Registers a listener for every change. Listeners run on the writing thread under the store's
   * write lock, so they must be quick and must not write to the store themselves.
   */
  public void addListener(Consumer<StoreEvent> listener) {
    listeners.add(listener);
  }

  /** The object, a copy the caller may change. */
  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    return cache.get(type, type.namespaced() ? namespace : null, name).map(ObjectNode::deepCopy);
  }

  public ObjectNode require(ResourceType type, String namespace, String name) {
    return get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
  }

  /**
   * The objects of a type in a namespace, or in every namespace when {@code namespace} is null
   * (shared objects: copy before changing one). The resource version is read first, so a watch
   * started from it may repeat a change the list already shows, never miss one.
   */
  public Listing list(ResourceType type, String namespace) {
    var resourceVersion = Long.toString(cache.resourceVersion());
    return new Listing(cache.list(type, type.namespaced() ? namespace : null), resourceVersion);
  }

  public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
    var response =
        crud.handleCreate(request(HttpMethod.POST, type.collectionPath(namespace), object));
    if (response.code() == 409) {
      throw ApiException.alreadyExists(type, Json.name(object));
    }
    return answer(response, type, Json.name(object));
  }

  /**
   * Stores {@code object} in place of the current one. When the object carries a resource version,
   * it must still be the current one (optimistic concurrency, a 409 otherwise).
   */
  public ObjectNode replace(ResourceType type, String namespace, String name, ObjectNode object) {
    var response =
        crud.handleUpdate(request(HttpMethod.PUT, type.objectPath(namespace, name), object));
    if (response.code() == 409) {
      throw ApiException.conflict(type, name);
    }
    if (response.code() == 200 && body(response).isEmpty()) {
      // marked for deletion without finalizers: the mock removed it
      return object;
    }
    return answer(response, type, name);
  }

  /** Removes the object at once; finalizers are the caller's business. */
  public Optional<ObjectNode> remove(ResourceType type, String namespace, String name) {
    var response = crud.handleDelete(type.objectPath(namespace, name));
    if (response.code() == 404) {
      return Optional.empty();
    }
    return Optional.of(Json.parseObject(body(response)));
  }

  /**
   * Removes the object even while finalizers remain (what a namespace's deletion does to its
   * contents here): the finalizers are dropped first, since the mock would otherwise only mark it.
   */
  public Optional<ObjectNode> forceRemove(ResourceType type, String namespace, String name) {
    var current = get(type, namespace, name);
    if (current.isEmpty()) {
      return current;
    }
    if (!current.get().path("metadata").path("finalizers").isEmpty()) {
      var stripped = current.get().deepCopy();
      Json.metadata(stripped).remove("finalizers");
      Json.metadata(stripped).put("deletionTimestamp", Json.now());
      Json.metadata(stripped).remove("resourceVersion");
      crud.handleUpdate(request(HttpMethod.PUT, type.objectPath(namespace, name), stripped));
      return current;
    }
    return remove(type, namespace, name);
  }

  private ObjectNode answer(MockResponse response, ResourceType type, String name) {
    var code = response.code();
    if (code == 404) {
      throw ApiException.notFound(type, name);
    }
    if (code >= 400) {
      var text = body(response);
      var message =
          text.isEmpty() ? "rejected by the store" : Json.text(Json.parseObject(text), "message");
      throw new ApiException(code, code == 422 ? "Invalid" : "BadRequest", message);
    }
    return Json.parseObject(body(response));
  }

  private void changed(String before, String after) {
    StoreEvent event;
    if (after == null) {
      var last = Json.parseObject(before);
      var resourceVersion = crud.requestResourceVersion();
      Json.metadata(last).put("resourceVersion", Long.toString(resourceVersion));
      event =
          new StoreEvent(
              StoreEvent.Type.DELETED,
              typeOf(last),
              last,
              Json.parseObject(before),
              resourceVersion);
    } else {
      var current = Json.parseObject(after);
      var resourceVersion = Long.parseLong(Json.text(current, "metadata", "resourceVersion"));
      event =
          before == null
              ? new StoreEvent(
                  StoreEvent.Type.ADDED, typeOf(current), current, null, resourceVersion)
              : new StoreEvent(
                  StoreEvent.Type.MODIFIED,
                  typeOf(current),
                  current,
                  Json.parseObject(before),
                  resourceVersion);
    }
    if (event.resource() != null) {
      cache.apply(event);
      listeners.forEach(listener -> listener.accept(event));
    }
  }

  private static ResourceType typeOf(ObjectNode object) {
    return ResourceCatalog.byKind(Json.text(object, "apiVersion"), Json.text(object, "kind"))
        .orElse(null);
  }

  private static RecordedRequest request(HttpMethod method, String path, ObjectNode body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer(Json.bytes(body)));
  }

  private static String body(MockResponse response) {
    var body = response.getBody();
    return body == null ? "" : new String(body.getBytes(), StandardCharsets.UTF_8);
  }
}
