package dev.kubedeploy.harness.store;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The Fabric8 mock server's CRUD dispatcher, reporting every change it makes to its map, and
 * finding an object by name through an index instead of matching every stored key (which made each
 * write cost time in proportion to everything stored). Every create, update and delete of the mock
 * passes through {@link #processEvent} under the mock's write lock, so the reports come in resource
 * version order.
 */
final class RecordingCrudDispatcher extends KubernetesCrudDispatcher {

  private final BiConsumer<String, String> onChange;

  /** "api|plural|namespace|name" to the key the mock stores that object under. */
  private final Map<String, AttributeSet> keysByName = new ConcurrentHashMap<>();

  /** False once an object could not be indexed: from then on every search scans. */
  private volatile boolean complete = true;

  RecordingCrudDispatcher(BiConsumer<String, String> onChange) {
    this.onChange = onChange;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    var before = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      var name = nameOf(oldAttributes);
      if (name != null) {
        keysByName.remove(name, oldAttributes);
      }
    }
    if (newState != null) {
      index(pathAttributes, newState);
    }
    if (!Objects.equals(before, newState)) {
      onChange.accept(before, newState);
    }
  }

  /**
   * The stored object the attributes name, from the index while it holds every object; a search
   * without a name, or a hit that does not match, falls back to the mock's own scan.
   */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    var name = nameOf(attributes);
    if (name == null || !complete) {
      return super.findResource(attributes);
    }
    var key = keysByName.get(name);
    if (key == null) {
      return null;
    }
    var value = map.get(key);
    if (value != null && key.matches(attributes)) {
      return Map.entry(key, value);
    }
    return super.findResource(attributes);
  }

  /** Whether every stored object is in the name index (tests check that none falls out). */
  boolean indexComplete() {
    return complete;
  }

  /** Indexes a stored object under the key the mock computed for it (the same way it does). */
  private void index(AttributeSet pathAttributes, String newState) {
    var attributes = getAttributeExtractor().fromResource(newState);
    if (!attributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
      attributes = AttributeSet.merge(pathAttributes, attributes);
    }
    var name = nameOf(attributes);
    if (name != null && map.containsKey(attributes)) {
      keysByName.put(name, attributes);
    } else {
      complete = false;
    }
  }

  private static String nameOf(AttributeSet attributes) {
    var name = value(attributes, KubernetesAttributesExtractor.NAME);
    var plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
    if (name == null || plural == null) {
      return null;
    }
    return value(attributes, KubernetesAttributesExtractor.API)
        + "|"
        + plural
        + "|"
        + value(attributes, KubernetesAttributesExtractor.NAMESPACE)
        + "|"
        + name;
  }

  private static String value(AttributeSet attributes, String key) {
    var attribute = attributes.getAttribute(key);
    if (attribute == null || attribute.getValues().isEmpty()) {
      return null;
    }
    return attribute.getValues().iterator().next().toString();
  }
}
