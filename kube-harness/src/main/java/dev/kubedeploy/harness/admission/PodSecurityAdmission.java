package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.admission.PodSecurityStandards.Level;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.Admission;
import dev.kubedeploy.harness.store.ObjectCache;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod Security Admission driven by the namespace's {@code pod-security.kubernetes.io/<mode>}
 * labels: a new pod violating the {@code enforce} level is refused, one violating the {@code warn}
 * level is stored with a {@code Warning}; a workload whose pod template violates either level is
 * stored with a warning, as Kubernetes does (its pods are then refused when the controller creates
 * them). Every version label is evaluated as {@code latest}; {@code audit} writes no audit log.
 */
final class PodSecurityAdmission implements Admission {

  private static final String PREFIX = "pod-security.kubernetes.io/";
  private static final Set<ResourceType> WORKLOADS =
      Set.of(
          ResourceCatalog.DEPLOYMENTS,
          ResourceCatalog.REPLICA_SETS,
          ResourceCatalog.STATEFUL_SETS,
          ResourceCatalog.DAEMON_SETS,
          ResourceCatalog.JOBS,
          ResourceCatalog.CRON_JOBS);

  private final ObjectCache cache;

  PodSecurityAdmission(ObjectCache cache) {
    this.cache = cache;
  }

  @Override
  public ObjectNode admit(Request request) {
    var type = request.type();
    var isPod = type == ResourceCatalog.PODS && request.operation() == Operation.CREATE;
    if (!isPod && !WORKLOADS.contains(type)) {
      return request.object();
    }
    var namespace = cache.get(ResourceCatalog.NAMESPACES, null, request.namespace());
    if (namespace.isEmpty()) {
      return request.object();
    }
    var labels = Json.labels(namespace.get());
    var enforce = Level.parse(labels.get(PREFIX + "enforce"));
    var warn = Level.parse(labels.get(PREFIX + "warn"));
    if (enforce == Level.PRIVILEGED && warn == Level.PRIVILEGED) {
      return request.object();
    }
    var object = request.object();
    JsonNode template = isPod ? object : template(type, object);
    var metadata = template.path("metadata");
    var spec = template.path("spec");
    var enforced = PodSecurityStandards.violations(enforce, metadata, spec);
    if (!enforced.isEmpty()) {
      var policy = policy(enforce, labels.get(PREFIX + "enforce-version"));
      if (isPod) {
        throw ApiException.forbidden(
            ResourceCatalog.PODS,
            Json.name(object),
            "violates PodSecurity %s: %s"
                .formatted(policy, PodSecurityStandards.describe(enforced)));
      }
      Warnings.add(wouldViolate(policy, enforced));
    }
    if (warn != enforce || isPod) {
      var warned = PodSecurityStandards.violations(warn, metadata, spec);
      if (!warned.isEmpty()) {
        Warnings.add(wouldViolate(policy(warn, labels.get(PREFIX + "warn-version")), warned));
      }
    }
    return object;
  }

  private static JsonNode template(ResourceType type, JsonNode workload) {
    if (type == ResourceCatalog.CRON_JOBS) {
      return workload.path("spec").path("jobTemplate").path("spec").path("template");
    }
    return workload.path("spec").path("template");
  }

  private static String policy(Level level, String version) {
    var shown = version == null || version.isBlank() ? "latest" : version;
    return "\"" + level.label() + ":" + shown + "\"";
  }

  private static String wouldViolate(String policy, Map<String, List<String>> found) {
    return "would violate PodSecurity %s: %s"
        .formatted(policy, PodSecurityStandards.describe(found));
  }
}
