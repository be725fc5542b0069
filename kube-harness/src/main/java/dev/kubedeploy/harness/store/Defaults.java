package dev.kubedeploy.harness.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.resource.ResourceType;
import java.util.List;

/**
 * The defaults and allocations kube-apiserver applies when it stores an object, limited to what
 * clients read back: replica counts and rollout strategies (Helm 3 dereferences {@code
 * spec.replicas}), service cluster IPs and node ports, the first status of namespaces, pods and
 * claims. Container-level defaults are not filled in.
 */
final class Defaults {

  private final ClusterNetwork network;

  Defaults(ClusterNetwork network) {
    this.network = network;
  }

  /** The status an object starts with (the API server drops a status sent with a create). */
  void initialStatus(ResourceType type, ObjectNode object) {
    if (type.hasStatus()) {
      object.remove("status");
    }
    if (type == ResourceCatalog.NAMESPACES) {
      Json.child(object, "status").put("phase", "Active");
    } else if (type == ResourceCatalog.PODS) {
      Json.child(object, "status").put("phase", "Pending");
    } else if (type == ResourceCatalog.PERSISTENT_VOLUME_CLAIMS) {
      Json.child(object, "status").put("phase", "Pending");
    }
  }

  /** Fills in what the API server defaults on every write; {@code current} is null on create. */
  void apply(ResourceType type, ObjectNode object, ObjectNode current) {
    var spec = Json.child(object, "spec");
    if (type == ResourceCatalog.NAMESPACES) {
      Json.child(Json.metadata(object), "labels")
          .put("kubernetes.io/metadata.name", Json.name(object));
      if (!spec.has("finalizers")) {
        spec.putArray("finalizers").add("kubernetes");
      }
    } else if (type == ResourceCatalog.SERVICES) {
      service(spec, current == null ? Json.object() : Json.child(current, "spec"));
    } else if (type == ResourceCatalog.DEPLOYMENTS) {
      defaultReplicas(spec);
      var strategy = Json.child(spec, "strategy");
      if (!strategy.has("type")) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asText().equals("RollingUpdate")) {
        var rolling = Json.child(strategy, "rollingUpdate");
        putIfAbsent(rolling, "maxUnavailable", "25%");
        putIfAbsent(rolling, "maxSurge", "25%");
      }
      putIfAbsent(spec, "revisionHistoryLimit", 10);
      putIfAbsent(spec, "progressDeadlineSeconds", 600);
    } else if (type == ResourceCatalog.STATEFUL_SETS) {
      defaultReplicas(spec);
      var strategy = Json.child(spec, "updateStrategy");
      if (!strategy.has("type")) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asText().equals("RollingUpdate")) {
        putIfAbsent(Json.child(strategy, "rollingUpdate"), "partition", 0);
      }
      putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
      putIfAbsent(spec, "revisionHistoryLimit", 10);
    } else if (type == ResourceCatalog.REPLICA_SETS) {
      defaultReplicas(spec);
    } else if (type == ResourceCatalog.DAEMON_SETS) {
      var strategy = Json.child(spec, "updateStrategy");
      if (!strategy.has("type")) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asText().equals("RollingUpdate")) {
        var rolling = Json.child(strategy, "rollingUpdate");
        putIfAbsent(rolling, "maxUnavailable", 1);
        putIfAbsent(rolling, "maxSurge", 0);
      }
      putIfAbsent(spec, "revisionHistoryLimit", 10);
    } else if (type == ResourceCatalog.JOBS) {
      if (!spec.has("completions") && !spec.has("parallelism")) {
        spec.put("completions", 1);
        spec.put("parallelism", 1);
      }
      putIfAbsent(spec, "backoffLimit", 6);
    } else if (type == ResourceCatalog.PODS) {
      putIfAbsent(spec, "restartPolicy", "Always");
      putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
      putIfAbsent(spec, "schedulerName", "default-scheduler");
      putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    } else if (spec.isEmpty()) {
      object.remove("spec");
    }
  }

  private void service(ObjectNode spec, ObjectNode current) {
    putIfAbsent(spec, "type", "ClusterIP");
    var type = spec.path("type").asText();
    if (!type.equals("ExternalName")) {
      if (!spec.hasNonNull("clusterIP") || spec.path("clusterIP").asText().isEmpty()) {
        var kept = current.path("clusterIP").asText("");
        spec.put("clusterIP", kept.isEmpty() ? network.nextClusterIp() : kept);
      }
      var clusterIp = spec.path("clusterIP").asText();
      var ips = spec.putArray("clusterIPs");
      ips.add(clusterIp);
      if (!clusterIp.equals("None")) {
        putIfAbsent(spec, "ipFamilies", List.of("IPv4"));
        putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
      }
      putIfAbsent(spec, "sessionAffinity", "None");
      putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }
    var currentPorts = current.path("ports");
    for (var port : spec.path("ports")) {
      var object = (ObjectNode) port;
      putIfAbsent(object, "protocol", "TCP");
      if (!object.has("targetPort") && object.has("port")) {
        object.set("targetPort", object.get("port"));
      }
      if ((type.equals("NodePort") || type.equals("LoadBalancer")) && !object.has("nodePort")) {
        var kept = 0;
        for (var existing : currentPorts) {
          if (existing.path("port").equals(object.path("port"))) {
            kept = existing.path("nodePort").asInt(0);
          }
        }
        object.put("nodePort", kept > 0 ? kept : network.nextNodePort());
      }
    }
  }

  private static void defaultReplicas(ObjectNode spec) {
    if (!spec.hasNonNull("replicas")) {
      spec.put("replicas", 1);
    }
  }

  private static void putIfAbsent(ObjectNode object, String field, Object value) {
    if (object.hasNonNull(field)) {
      return;
    }
    switch (value) {
      case String text -> object.put(field, text);
      case Integer number -> object.put(field, number);
      case List<?> list -> {
        var array = object.putArray(field);
        list.forEach(element -> array.add(element.toString()));
      }
      default -> throw new IllegalArgumentException(value.toString());
    }
  }
}
