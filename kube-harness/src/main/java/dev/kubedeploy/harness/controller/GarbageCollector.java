package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;

/**
 * Background cascading deletion: when an owner is gone, its dependents in the same namespace are
 * deleted, unless another owner of theirs still exists. Foreground and orphan propagation are not
 * simulated (every deletion cascades in the background), and dependents of cluster-scoped owners
 * are only collected when they are cluster-scoped too.
 */
final class GarbageCollector {

  /** Work item: the owner with this uid is gone. */
  record OwnerGone(String uid) {}

  private final ControllerContext context;

  GarbageCollector(ControllerContext context) {
    this.context = context;
  }

  void collect(OwnerGone gone) {
    for (var key : context.cache().dependentKeys(gone.uid())) {
      var dependent = context.cache().get(key);
      if (dependent.isEmpty() || hasLiveOwner(dependent.get(), gone.uid())) {
        continue;
      }
      try {
        context.operations().delete(key.type(), key.namespace(), key.name(), false);
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
  }

  private boolean hasLiveOwner(JsonNode dependent, String goneUid) {
    for (var reference : dependent.path("metadata").path("ownerReferences")) {
      var uid = reference.path("uid").asText();
      if (uid.equals(goneUid)) {
        continue;
      }
      var type =
          ResourceCatalog.byKind(
              reference.path("apiVersion").asText(), reference.path("kind").asText());
      if (type.isEmpty()) {
        continue;
      }
      var namespace = type.get().namespaced() ? Json.namespace(dependent) : null;
      var owner = context.cache().get(type.get(), namespace, reference.path("name").asText());
      if (owner.isPresent() && uid.equals(Json.uid(owner.get()))) {
        return true;
      }
    }
    return false;
  }
}
