package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.Admission;
import dev.kubedeploy.harness.store.ObjectCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ResourceQuota admission plugin: a create, or an update that grows usage, that would take a
 * quota of its namespace past {@code spec.hard} is refused ({@code exceeded quota: ...}), and while
 * a quota limits cpu or memory, a new pod must say its requests or limits of them in every
 * container ({@code failed quota: ...}), with kube-apiserver's messages. Usage is counted from the
 * store at the moment of the write, which the caller serializes per namespace.
 */
final class ResourceQuotaAdmission implements Admission {

  /** Resources whose quota obliges every container to state them, as Kubernetes does. */
  private static final Set<String> CONTAINER_MUST_STATE =
      Set.of("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

  private final ObjectCache cache;

  ResourceQuotaAdmission(ObjectCache cache) {
    this.cache = cache;
  }

  @Override
  public ObjectNode admit(Request request) {
    if (!request.type().namespaced() || request.type() == ResourceCatalog.EVENTS) {
      return request.object();
    }
    var quotas = cache.list(ResourceCatalog.RESOURCE_QUOTAS, request.namespace());
    if (quotas.isEmpty()) {
      return request.object();
    }
    var object = request.object();
    var requested = requested(request);
    if (requested.isEmpty()) {
      return object;
    }
    for (var quota : quotas) {
      var hard = PodResources.parse(quota.path("spec").path("hard"));
      if (request.type() == ResourceCatalog.PODS && request.operation() == Operation.CREATE) {
        requireStatedResources(quota, hard.keySet(), object);
      }
      var limited = new TreeSet<>(hard.keySet());
      limited.retainAll(requested.keySet());
      if (limited.isEmpty()) {
        continue;
      }
      var used = QuotaUsage.ofNamespace(cache, request.namespace(), limited);
      var exceeded = new ArrayList<String>();
      for (var resource : limited) {
        if (used.get(resource).plus(requested.get(resource)).compareTo(hard.get(resource)) > 0) {
          exceeded.add(resource);
        }
      }
      if (!exceeded.isEmpty()) {
        throw ApiException.forbidden(
            request.type(),
            Json.name(object),
            "exceeded quota: %s, requested: %s, used: %s, limited: %s"
                .formatted(
                    Json.name(quota),
                    print(exceeded, requested, hard),
                    print(exceeded, used, hard),
                    print(exceeded, hard, hard)));
      }
    }
    return object;
  }

  /**
   * What the write adds: all of a new object's usage; of an update, what grows (a Service turned
   * LoadBalancer, a claim resized), as the quota evaluators charge an update.
   */
  private static Map<String, Quantity> requested(Request request) {
    var usage = QuotaUsage.of(request.type(), request.object());
    if (request.operation() == Operation.CREATE) {
      return usage;
    }
    var before = QuotaUsage.of(request.type(), request.old());
    var grown = new TreeMap<String, Quantity>();
    usage.forEach(
        (resource, value) -> {
          var delta = value.minus(before.getOrDefault(resource, Quantity.ZERO));
          if (delta.value().signum() > 0) {
            grown.put(resource, delta);
          }
        });
    return grown;
  }

  private static void requireStatedResources(
      JsonNode quota, Set<String> hardResources, ObjectNode pod) {
    var required = new TreeSet<>(hardResources);
    required.retainAll(CONTAINER_MUST_STATE);
    if (required.isEmpty()) {
      return;
    }
    var missing = new TreeMap<String, TreeSet<String>>();
    for (var container : PodResources.containers(pod.path("spec"))) {
      var stated = new HashSet<String>();
      PodResources.list(container, "requests")
          .keySet()
          .forEach(
              resource -> {
                stated.add(resource);
                stated.add("requests." + resource);
              });
      PodResources.list(container, "limits").keySet().forEach(r -> stated.add("limits." + r));
      for (var resource : required) {
        if (!stated.contains(resource)) {
          missing
              .computeIfAbsent(resource, r -> new TreeSet<>())
              .add(container.path("name").asText());
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    var phrases =
        missing.entrySet().stream()
            .map(e -> e.getKey() + " for: " + String.join(",", e.getValue()))
            .collect(Collectors.joining("; "));
    throw ApiException.forbidden(
        ResourceCatalog.PODS,
        Json.name(pod),
        "failed quota: %s: must specify %s".formatted(Json.name(quota), phrases));
  }

  /** {@code pods=1,requests.cpu=500m}, in the format of the quota's own hard values. */
  private static String print(
      List<String> resources, Map<String, Quantity> values, Map<String, Quantity> formats) {
    return resources.stream()
        .map(r -> r + "=" + values.get(r).inFormatOf(formats.get(r)))
        .collect(Collectors.joining(","));
  }
}
