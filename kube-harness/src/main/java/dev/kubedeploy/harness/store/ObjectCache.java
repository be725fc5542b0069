package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every stored object, kept from the store's change feed the way an informer's
 * cache is, with indexes by type, by namespace and by owner uid. It serves every read: the mock
 * server's own reads scan all its objects and parse each. It is updated under the store's write
 * lock, so a write that returned is already visible here. Cached objects are shared: copy before
 * changing one.
 */
public final class ObjectCache {

  private final Map<ObjectKey, ObjectNode> objects = new ConcurrentHashMap<>();
  private final Map<ResourceType, Set<ObjectKey>> types = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> dependents = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> namespaces = new ConcurrentHashMap<>();
  private volatile long resourceVersion;

  void apply(StoreEvent event) {
    var key = event.key();
    resourceVersion = Math.max(resourceVersion, event.resourceVersion());
    if (event.previous() != null) {
      ownerUids(event.previous()).forEach(uid -> remove(dependents, uid, key));
    }
    if (event.type() == StoreEvent.Type.DELETED) {
      objects.remove(key);
      remove(types, key.type(), key);
      if (key.namespace() != null) {
        remove(namespaces, key.namespace(), key);
      }
      return;
    }
    objects.put(key, event.object());
    types.computeIfAbsent(key.type(), t -> ConcurrentHashMap.newKeySet()).add(key);
    ownerUids(event.object())
        .forEach(
            uid -> dependents.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet()).add(key));
    if (key.namespace() != null) {
      namespaces.computeIfAbsent(key.namespace(), n -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  public Optional<ObjectNode> get(ObjectKey key) {
    return Optional.ofNullable(objects.get(key));
  }

  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    return get(new ObjectKey(type, namespace, name));
  }

  /** Objects that name {@code ownerUid} among their owner references, of the given type. */
  public List<ObjectNode> dependents(String ownerUid, ResourceType type) {
    var result = new ArrayList<ObjectNode>();
    for (var key : dependents.getOrDefault(ownerUid, Set.of())) {
      if (key.type() == type) {
        var object = objects.get(key);
        if (object != null) {
          result.add(object);
        }
      }
    }
    return result;
  }

  public List<ObjectKey> dependentKeys(String ownerUid) {
    return List.copyOf(dependents.getOrDefault(ownerUid, Set.of()));
  }

  public List<ObjectKey> namespaceContents(String namespace) {
    return List.copyOf(namespaces.getOrDefault(namespace, Set.of()));
  }

  /** The newest resource version the store has handed out. */
  public long resourceVersion() {
    return resourceVersion;
  }

  /** The objects of a type, in one namespace or (namespace null) in all, sorted by name. */
  public List<ObjectNode> list(ResourceType type, String namespace) {
    var keys =
        namespace == null
            ? types.getOrDefault(type, Set.of())
            : namespaces.getOrDefault(namespace, Set.of());
    var result = new ArrayList<ObjectKey>();
    for (var key : keys) {
      if (key.type() == type) {
        result.add(key);
      }
    }
    result.sort(
        Comparator.comparing((ObjectKey k) -> k.namespace() == null ? "" : k.namespace())
            .thenComparing(ObjectKey::name));
    var objectsFound = new ArrayList<ObjectNode>(result.size());
    for (var key : result) {
      var object = objects.get(key);
      if (object != null) {
        objectsFound.add(object);
      }
    }
    return objectsFound;
  }

  public List<ObjectNode> all(ResourceType type) {
    return list(type, null);
  }

  private static List<String> ownerUids(ObjectNode object) {
    var uids = new ArrayList<String>();
    for (var reference : object.path("metadata").path("ownerReferences")) {
      var uid = Json.text(reference, "uid");
      if (uid != null) {
        uids.add(uid);
      }
    }
    return uids;
  }

  private static <K> void remove(Map<K, Set<ObjectKey>> index, K bucket, ObjectKey key) {
    var keys = index.get(bucket);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        index.remove(bucket, keys);
      }
    }
  }
}
