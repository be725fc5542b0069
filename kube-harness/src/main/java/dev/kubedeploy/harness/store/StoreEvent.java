package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceType;

/**
 * One change to a stored object, in the order the store made it.
 *
 * @param object the object after the change (for {@link Type#DELETED} the last state, carrying the
 *     deletion's resource version)
 * @param previous the object before the change, null for {@link Type#ADDED}
 */
public record StoreEvent(
    Type type,
    ResourceType resource,
    ObjectNode object,
    ObjectNode previous,
    long resourceVersion) {

  /** Named as watch events name them. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  public String namespace() {
    return Json.namespace(object);
  }

  public String name() {
    return Json.name(object);
  }

  public ObjectKey key() {
    return new ObjectKey(resource, namespace(), name());
  }
}
