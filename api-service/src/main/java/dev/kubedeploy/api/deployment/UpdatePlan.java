package dev.kubedeploy.api.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubedeploy.model.deployment.RevisionOperation;
import java.util.List;

/**
 * The desired state a PATCH would make of a deployment, judged but not written: what the update
 * stores, and what a preview renders.
 *
 * @param values the user values with their secrets in clear, as the chart would get them
 * @param changes what differs from the deployment's desired state, in words; empty for none
 */
record UpdatePlan(
    String domainname,
    JsonNode values,
    ComputeResources compute,
    boolean resized,
    List<String> changes) {

  UpdatePlan {
    changes = List.copyOf(changes);
  }

  boolean changesAnything() {
    return !changes.isEmpty();
  }

  /** A change of the resources alone is a resize; anything else an update. */
  RevisionOperation operation() {
    return resized && changes.size() == 1 ? RevisionOperation.RESIZE : RevisionOperation.UPDATE;
  }

  String describe() {
    return String.join(", ", changes);
  }
}
