package dev.kubedeploy.harness.controller;

import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;

/**
 * Plays dynamic provisioning: every PersistentVolumeClaim is {@code Bound} at once with the
 * capacity it requested. No PersistentVolume objects exist and nothing is stored anywhere.
 */
final class ClaimController {

  private final ControllerContext context;

  ClaimController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var claim = found.get();
    var status = Json.object();
    status.put("phase", "Bound");
    if (claim.path("spec").has("accessModes")) {
      status.set("accessModes", claim.path("spec").get("accessModes").deepCopy());
    }
    var storage = claim.path("spec").path("resources").path("requests").path("storage");
    if (!storage.isMissingNode()) {
      status.putObject("capacity").set("storage", storage.deepCopy());
    }
    context.writeStatus(ResourceCatalog.PERSISTENT_VOLUME_CLAIMS, claim, status);
    if (!claim.path("spec").hasNonNull("volumeName")) {
      var bound = context.cache().get(key).orElseThrow().deepCopy();
      Json.child(bound, "spec").put("volumeName", "pvc-" + Json.uid(claim));
      context.write(
          ResourceCatalog.PERSISTENT_VOLUME_CLAIMS, context.cache().get(key).orElseThrow(), bound);
    }
  }
}
