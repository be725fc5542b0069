package dev.kubedeploy.harness.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.LabelSelector;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import java.util.LinkedHashSet;

/**
 * Writes into each ClusterRole with an {@code aggregationRule} the rules of the ClusterRoles its
 * selectors match, as the cluster role aggregation controller does, so that reading the role shows
 * what it grants. (Authorization does not wait for it: it resolves aggregation itself.)
 */
final class ClusterRoleAggregationController {

  /** Work: aggregate every aggregated ClusterRole again. */
  record Aggregate() {}

  private final ControllerContext context;

  ClusterRoleAggregationController(ControllerContext context) {
    this.context = context;
  }

  void aggregate() {
    var roles = context.cache().all(ResourceCatalog.CLUSTER_ROLES);
    for (var role : roles) {
      var selectors = role.path("aggregationRule").path("clusterRoleSelectors");
      if (!selectors.isArray() || selectors.isEmpty()) {
        continue;
      }
      var rules = new LinkedHashSet<JsonNode>();
      for (var other : roles) {
        if (!Json.name(other).equals(Json.name(role)) && matchesAny(selectors, other)) {
          other.path("rules").forEach(rules::add);
        }
      }
      var updated = role.deepCopy();
      var array = updated.putArray("rules");
      rules.forEach(array::add);
      context.write(ResourceCatalog.CLUSTER_ROLES, role, updated);
    }
  }

  private static boolean matchesAny(JsonNode selectors, ObjectNode role) {
    var labels = Json.labels(role);
    for (var selector : selectors) {
      if (LabelSelector.fromSpec(selector).matches(labels)) {
        return true;
      }
    }
    return false;
  }
}
