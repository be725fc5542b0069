package dev.kubedeploy.harness.controller;

import dev.kubedeploy.harness.resource.Json;
import dev.kubedeploy.harness.resource.ResourceCatalog;
import dev.kubedeploy.harness.store.ObjectKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the cloud load balancer: a Service of type LoadBalancer gets an ingress IP in its status
 * (cluster IPs and node ports are allocated when the Service is stored). No traffic flows, and no
 * Endpoints or EndpointSlices are written.
 */
final class ServiceController {

  private final ControllerContext context;
  private final AtomicInteger next = new AtomicInteger(1);

  ServiceController(ControllerContext context) {
    this.context = context;
  }

  void reconcile(ObjectKey key) {
    var found = context.cache().get(key);
    if (found.isEmpty() || Json.isTerminating(found.get())) {
      return;
    }
    var service = found.get();
    if (!service.path("spec").path("type").asText().equals("LoadBalancer")
        || service.path("status").path("loadBalancer").path("ingress").size() > 0) {
      return;
    }
    var status = Json.object();
    var ingress = status.putObject("loadBalancer").putArray("ingress").addObject();
    ingress.put("ip", "172.18.255." + (next.getAndIncrement() % 254 + 1));
    ingress.put("ipMode", "VIP");
    context.writeStatus(ResourceCatalog.SERVICES, service, status);
  }
}
