package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import dev.kubedeploy.harness.store.ObjectCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an object counts against a ResourceQuota, as the quota evaluators of Kubernetes count it:
 * {@code count/<resource>[.<group>]} for every object, the plain counts of pods, services, secrets,
 * configmaps and persistentvolumeclaims, services' load balancers and node ports, pods' compute
 * requests and limits (plain {@code cpu} and {@code memory} meaning requests), claims' storage.
 * Pods that have finished count for nothing.
 */
public final class QuotaUsage {

  private static final Set<String> COMPUTE = Set.of("cpu", "memory", "ephemeral-storage");
  private static final Map<ResourceType, String> PLAIN_COUNTS =
      Map.of(
          ResourceCatalog.PODS, "pods",
          ResourceCatalog.SERVICES, "services",
          ResourceCatalog.SECRETS, "secrets",
          ResourceCatalog.CONFIG_MAPS, "configmaps",
          ResourceCatalog.PERSISTENT_VOLUME_CLAIMS, "persistentvolumeclaims",
          ResourceCatalog.RESOURCE_QUOTAS, "resourcequotas");

  private QuotaUsage() {}

  /** The usage of one object. */
  public static Map<String, Quantity> of(ResourceType type, JsonNode object) {
    var usage = new LinkedHashMap<String, Quantity>();
    var one = Quantity.parse("1");
    if (type == ResourceCatalog.PODS && finished(object)) {
      return usage;
    }
    usage.put("count/" + type.qualifiedPlural(), one);
    var plain = PLAIN_COUNTS.get(type);
    if (plain != null) {
      usage.put(plain, one);
    }
    if (type == ResourceCatalog.PODS) {
      var spec = object.path("spec");
      PodResources.podTotal(spec, "requests")
          .forEach(
              (resource, value) -> {
                if (COMPUTE.contains(resource)) {
                  usage.put("requests." + resource, value);
                  usage.put(resource, value);
                }
              });
      PodResources.podTotal(spec, "limits")
          .forEach(
              (resource, value) -> {
                if (COMPUTE.contains(resource)) {
                  usage.put("limits." + resource, value);
                }
              });
    } else if (type == ResourceCatalog.SERVICES) {
      var serviceType = object.path("spec").path("type").asText("ClusterIP");
      if (serviceType.equals("LoadBalancer")) {
        usage.put("services.loadbalancers", one);
      }
      if (serviceType.equals("LoadBalancer") || serviceType.equals("NodePort")) {
        usage.put(
            "services.nodeports",
            Quantity.parse(Integer.toString(object.path("spec").path("ports").size())));
      }
    } else if (type == ResourceCatalog.PERSISTENT_VOLUME_CLAIMS) {
      var storage = object.path("spec").path("resources").path("requests").path("storage");
      if (!storage.isMissingNode()) {
        usage.put("requests.storage", Quantity.parse(storage.asText()));
      }
    }
    return usage;
  }

  /** The usage of everything in a namespace, for the resources a quota limits. */
  public static Map<String, Quantity> ofNamespace(
      ObjectCache cache, String namespace, Set<String> resources) {
    var total = new LinkedHashMap<String, Quantity>();
    for (var resource : resources) {
      total.put(resource, Quantity.ZERO);
    }
    for (var key : cache.namespaceContents(namespace)) {
      var object = cache.get(key);
      if (object.isEmpty()) {
        continue;
      }
      of(key.type(), object.get())
          .forEach(
              (resource, value) -> {
                if (resources.contains(resource)) {
                  total.merge(resource, value, Quantity::plus);
                }
              });
    }
    return total;
  }

  /**
   * {@code status.used} of a quota with {@code spec.hard}, each value in its hard value's format.
   */
  public static ObjectNode usedStatus(ObjectCache cache, String namespace, JsonNode hard) {
    var limits = PodResources.parse(hard);
    var used = ofNamespace(cache, namespace, limits.keySet());
    var status = Json.object();
    limits.forEach(
        (resource, limit) -> status.put(resource, used.get(resource).inFormatOf(limit).toString()));
    return status;
  }

  private static boolean finished(JsonNode pod) {
    var phase = Json.text(pod, "status", "phase");
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
