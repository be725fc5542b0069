package dev.kubedeploy.harness.controller;

import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;

/**
 * Gives every namespace its {@code default} ServiceAccount, and empties a namespace that is being
 * deleted: every object in it is removed (finalizers on those objects are not waited for), then the
 * namespace itself.
 */
final class NamespaceController {

  private final ControllerContext context;

  NamespaceController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty()) {
      return;
    }
    var namespace = key.name();
    if (!Json.isTerminating(found.get())) {
      ensureDefaultServiceAccount(namespace);
      return;
    }
    for (var content : context.cache().namespaceContents(namespace)) {
      context.store().forceRemove(content.type(), content.namespace(), content.name());
    }
    context.store().forceRemove(ResourceCatalog.NAMESPACES, null, namespace);
  }

  private void ensureDefaultServiceAccount(String namespace) {
    if (context.cache().get(ResourceCatalog.SERVICE_ACCOUNTS, namespace, "default").isPresent()) {
      return;
    }
    var account = Json.object();
    account.put("apiVersion", "v1");
    account.put("kind", "ServiceAccount");
    account.putObject("metadata").put("name", "default");
    try {
      context.operations().create(ResourceCatalog.SERVICE_ACCOUNTS, namespace, account, false);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }
}
