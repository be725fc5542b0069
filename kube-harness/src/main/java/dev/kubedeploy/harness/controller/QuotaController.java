package dev.kubedeploy.harness.controller;

import dev.kubedeploy.harness.admission.QuotaUsage;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;

/**
 * Keeps {@code status.hard} and {@code status.used} of every ResourceQuota of a namespace current,
 * as the resource quota controller does, after each change in that namespace.
 */
final class QuotaController {

  /** Work: count the usage of a namespace's quotas again. */
  record Recount(String namespace) {}

  private final ControllerContext context;

  QuotaController(ControllerContext context) {
    this.context = context;
  }

  void recount(Recount work) {
    for (var quota : context.cache().list(ResourceCatalog.RESOURCE_QUOTAS, work.namespace())) {
      if (Json.isTerminating(quota)) {
        continue;
      }
      var status = Json.object();
      var hard = quota.path("spec").path("hard");
      status.set("hard", hard.deepCopy());
      status.set("used", QuotaUsage.usedStatus(context.cache(), work.namespace(), hard));
      context.writeStatus(ResourceCatalog.RESOURCE_QUOTAS, quota, status);
    }
  }
}
