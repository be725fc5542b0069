package dev.kubedeploy.harness.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.ApiException;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.Admission;
import dev.kubedeploy.harness.store.ObjectCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The LimitRanger admission plugin for new pods: containers without requests or limits get the
 * {@code defaultRequest} and {@code default} of the namespace's LimitRanges of type Container (with
 * the API's defaulting of those: default from max, defaultRequest from default or min), then the
 * {@code min}, {@code max} and {@code maxLimitRequestRatio} of types Container and Pod are
 * enforced, with kube-apiserver's messages. Before it, as the API's defaulting does at decoding, a
 * container with a limit but no request gets the limit as its request.
 */
final class LimitRanger implements Admission {

  private static final String ANNOTATION = "kubernetes.io/limit-ranger";

  private final ObjectCache cache;

  LimitRanger(ObjectCache cache) {
    this.cache = cache;
  }

  @Override
  public ObjectNode admit(Request request) {
    if (request.type() != ResourceCatalog.PODS || request.operation() != Operation.CREATE) {
      return request.object();
    }
    var pod = request.object();
    var spec = pod.path("spec");
    for (var container : PodResources.containers(spec)) {
      requestsFromLimits(container);
    }
    var ranges = cache.list(ResourceCatalog.LIMIT_RANGES, request.namespace());
    if (ranges.isEmpty()) {
      return pod;
    }
    var changes = new ArrayList<String>();
    for (var range : ranges) {
      for (var item : range.path("spec").path("limits")) {
        if ("Container".equals(item.path("type").asText())) {
          for (var container : PodResources.containers(spec)) {
            applyDefaults(container, item, changes);
          }
        }
      }
    }
    if (!changes.isEmpty()) {
      Json.metadata(pod)
          .withObject("annotations")
          .put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", changes));
    }
    var errors = new ArrayList<String>();
    for (var range : ranges) {
      for (var item : range.path("spec").path("limits")) {
        var type = item.path("type").asText();
        if (type.equals("Container")) {
          for (var container : PodResources.containers(spec)) {
            check(
                "Container",
                item,
                PodResources.list(container, "requests"),
                PodResources.list(container, "limits"),
                errors);
          }
        } else if (type.equals("Pod")) {
          check(
              "Pod",
              item,
              PodResources.podTotal(spec, "requests"),
              PodResources.podTotal(spec, "limits"),
              errors);
        }
      }
    }
    if (!errors.isEmpty()) {
      var cause = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
      throw ApiException.forbidden(ResourceCatalog.PODS, Json.name(pod), cause);
    }
    return pod;
  }

  private static void requestsFromLimits(ObjectNode container) {
    var limits = container.path("resources").path("limits");
    if (!limits.isObject() || limits.isEmpty()) {
      return;
    }
    var requests = container.withObject("resources").withObject("requests");
    limits
        .fields()
        .forEachRemaining(
            e -> {
              if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
              }
            });
  }

  /** Fills what the container leaves out; {@code changes} gets the annotation's phrases. */
  private static void applyDefaults(ObjectNode container, JsonNode item, List<String> changes) {
    var defaultLimits = new LinkedHashMap<String, JsonNode>();
    item.path("max").fields().forEachRemaining(e -> defaultLimits.put(e.getKey(), e.getValue()));
    item.path("default")
        .fields()
        .forEachRemaining(e -> defaultLimits.put(e.getKey(), e.getValue()));
    var defaultRequests = new LinkedHashMap<String, JsonNode>();
    item.path("min").fields().forEachRemaining(e -> defaultRequests.put(e.getKey(), e.getValue()));
    defaultLimits.forEach(defaultRequests::put);
    item.path("defaultRequest")
        .fields()
        .forEachRemaining(e -> defaultRequests.put(e.getKey(), e.getValue()));
    var name = container.path("name").asText();
    var setRequests = fill(container, "requests", defaultRequests);
    var setLimits = fill(container, "limits", defaultLimits);
    if (!setRequests.isEmpty()) {
      changes.add(String.join(", ", setRequests) + " request for container " + name);
    }
    if (!setLimits.isEmpty()) {
      changes.add(String.join(", ", setLimits) + " limit for container " + name);
    }
  }

  private static TreeSet<String> fill(
      ObjectNode container, String kind, Map<String, JsonNode> defaults) {
    var set = new TreeSet<String>();
    if (defaults.isEmpty()) {
      return set;
    }
    var list = container.withObject("resources").withObject(kind);
    defaults.forEach(
        (resource, value) -> {
          if (!list.has(resource)) {
            list.set(resource, value.deepCopy());
            set.add(resource);
          }
        });
    return set;
  }

  private static void check(
      String limitType,
      JsonNode item,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits,
      List<String> errors) {
    item.path("min")
        .fields()
        .forEachRemaining(
            e -> {
              var resource = e.getKey();
              var enforced = Quantity.parse(e.getValue().asText());
              var request = requests.get(resource);
              var limit = limits.get(resource);
              if (request == null) {
                errors.add(
                    "minimum %s usage per %s is %s.  No request is specified"
                        .formatted(resource, limitType, enforced));
              } else if (request.compareTo(enforced) < 0) {
                errors.add(
                    "minimum %s usage per %s is %s, but request is %s"
                        .formatted(resource, limitType, enforced, request));
              } else if (limit != null && limit.compareTo(enforced) < 0) {
                errors.add(
                    "minimum %s usage per %s is %s, but limit is %s"
                        .formatted(resource, limitType, enforced, limit));
              }
            });
    item.path("max")
        .fields()
        .forEachRemaining(
            e -> {
              var resource = e.getKey();
              var enforced = Quantity.parse(e.getValue().asText());
              var request = requests.get(resource);
              var limit = limits.get(resource);
              if (limit == null) {
                errors.add(
                    "maximum %s usage per %s is %s.  No limit is specified"
                        .formatted(resource, limitType, enforced));
              } else if (limit.compareTo(enforced) > 0) {
                errors.add(
                    "maximum %s usage per %s is %s, but limit is %s"
                        .formatted(resource, limitType, enforced, limit));
              } else if (request != null && request.compareTo(enforced) > 0) {
                errors.add(
                    "maximum %s usage per %s is %s, but request is %s"
                        .formatted(resource, limitType, enforced, request));
              }
            });
    item.path("maxLimitRequestRatio")
        .fields()
        .forEachRemaining(
            e -> {
              var resource = e.getKey();
              var enforced = Quantity.parse(e.getValue().asText());
              var request = requests.get(resource);
              var limit = limits.get(resource);
              if (request == null || request.isZero()) {
                errors.add(
                    "%s max limit to request ratio per %s is %s, but no request is specified or request is 0"
                        .formatted(resource, limitType, enforced));
              } else if (limit == null || limit.isZero()) {
                errors.add(
                    "%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0"
                        .formatted(resource, limitType, enforced));
              } else {
                var ratio = limit.value().doubleValue() / request.value().doubleValue();
                if (ratio > enforced.value().doubleValue()) {
                  errors.add(
                      String.format(
                          Locale.ROOT,
                          "%s max limit to request ratio per %s is %s, but provided ratio is %f",
                          resource,
                          limitType,
                          enforced,
                          ratio));
                }
              }
            });
  }
}
