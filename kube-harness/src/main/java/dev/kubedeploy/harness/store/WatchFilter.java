package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.FieldSelector;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceType;

/**
 * What one watch asks for. An object that starts or stops matching the selectors is reported as
 * added or deleted, as the API server does.
 *
 * @param namespace null to watch every namespace
 */
public record WatchFilter(
    ResourceType type, String namespace, LabelSelector labels, FieldSelector fields) {

  public boolean matches(ObjectNode object) {
    return labels.matches(object) && fields.matches(object);
  }

  /** The event this watch reports for a store change, or null when it reports none. */
  WatchEvent translate(StoreEvent event) {
    if (event.resource() != type || (namespace != null && !namespace.equals(event.namespace()))) {
      return null;
    }
    var before = event.previous() != null && matches(event.previous());
    return switch (event.type()) {
      case ADDED -> matches(event.object()) ? new WatchEvent("ADDED", event.object()) : null;
      case DELETED -> before ? new WatchEvent("DELETED", event.object()) : null;
      case MODIFIED -> {
        var now = matches(event.object());
        if (before && now) {
          yield new WatchEvent("MODIFIED", event.object());
        }
        if (before) {
          yield new WatchEvent("DELETED", event.object());
        }
        yield now ? new WatchEvent("ADDED", event.object()) : null;
      }
    };
  }
}
