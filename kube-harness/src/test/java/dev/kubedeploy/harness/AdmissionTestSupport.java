package dev.kubedeploy.harness;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Namespaces, pods and containers for admission tests. */
final class AdmissionTestSupport {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private AdmissionTestSupport() {}

  /** A new namespace named {@code prefix-N}, with {@code labels}; its name. */
  static String newNamespace(KubernetesClient client, String prefix, Map<String, String> labels) {
    var name = prefix + "-" + NAMES.incrementAndGet();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    return name;
  }

  /** A container; {@code resources} like {@code "requests.cpu=100m", "limits.memory=64Mi"}. */
  static Container container(String name, String... resources) {
    var requests = new LinkedHashMap<String, Quantity>();
    var limits = new LinkedHashMap<String, Quantity>();
    for (var resource : resources) {
      var kindAndName = resource.substring(0, resource.indexOf('='));
      var value = new Quantity(resource.substring(resource.indexOf('=') + 1));
      var target = kindAndName.startsWith("requests.") ? requests : limits;
      target.put(kindAndName.substring(kindAndName.indexOf('.') + 1), value);
    }
    var builder = new ContainerBuilder().withName(name).withImage("nginx");
    if (!requests.isEmpty() || !limits.isEmpty()) {
      builder
          .withNewResources()
          .withRequests(orNull(requests))
          .withLimits(orNull(limits))
          .endResources();
    }
    return builder.build();
  }

  static Pod pod(String name, Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withContainers(containers)
        .endSpec()
        .build();
  }

  private static Map<String, Quantity> orNull(Map<String, Quantity> values) {
    return values.isEmpty() ? null : values;
  }
}
