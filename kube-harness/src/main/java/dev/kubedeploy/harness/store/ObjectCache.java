package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of every stored object, kept from the store's change feed the way a controller's
 * informer cache is, with the two indexes the controllers need: the dependents of an owner (by
 * owner uid) and the contents of a namespace. It is updated under the store's write lock, so a
 * write that returned is already visible here. Cached objects are shared: copy before changing one.
 */
public final class ObjectCache {

  private final Map<ObjectKey, ObjectNode> objects = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> dependents = new ConcurrentHashMap<>();
  private final Map<String, Set<ObjectKey>> namespaces = new ConcurrentHashMap<>();

  public ObjectCache(ObjectStore store) {
    store.addListener(this::apply);
  }

  private void apply(StoreEvent event) {
    var key = event.key();
    if (event.previous() != null) {
      ownerUids(event.previous()).forEach(uid -> remove(dependents, uid, key));
    }
    if (event.type() == StoreEvent.Type.DELETED) {
      objects.remove(key);
      if (key.namespace() != null) {
        remove(namespaces, key.namespace(), key);
      }
      return;
    }
    objects.put(key, event.object());
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

  public List<ObjectNode> all(ResourceType type) {
    var result = new ArrayList<ObjectNode>();
    objects.forEach(
        (key, object) -> {
          if (key.type() == type) {
            result.add(object);
          }
        });
    return result;
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

  private static void remove(Map<String, Set<ObjectKey>> index, String bucket, ObjectKey key) {
    var keys = index.get(bucket);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        index.remove(bucket, keys);
      }
    }
  }
}
