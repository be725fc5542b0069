package dev.kubedeploy.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.EnumMap;
import java.util.Map;

/** The facts the platform owns for one deployment, ready to be placed by {@link Capabilities}. */
public final class PlatformValues {

  /** The extended resource name the NVIDIA device plugin registers. */
  static final String GPU_RESOURCE = "nvidia.com/gpu";

  private PlatformValues() {}

  /** Every fact that applies to {@code deployment}; absent facts are not in the map. */
  public static Map<PlatformValue, JsonNode> of(DesiredDeployment deployment) {
    var nodes = JsonNodeFactory.instance;
    var facts = new EnumMap<PlatformValue, JsonNode>(PlatformValue.class);
    facts.put(PlatformValue.REPLICAS, nodes.numberNode(deployment.targetReplicas()));
    facts.put(PlatformValue.INGRESS_ENABLED, nodes.booleanNode(deployment.domainName() != null));
    if (deployment.domainName() != null) {
      facts.put(PlatformValue.DOMAIN, nodes.textNode(deployment.domainName()));
    }
    deployment
        .compute()
        .ifPresent(
            compute -> {
              facts.put(PlatformValue.RESOURCES, resources(compute));
              facts.put(
                  PlatformValue.STORAGE_SIZE,
                  nodes.textNode(Quantities.gibibytes(compute.storageGb())));
            });
    return facts;
  }

  /**
   * Requests equal to limits, so that each replica gets exactly what the user asked for (the
   * Guaranteed QoS class); GPUs only when asked for, since Kubernetes requires them equal anyway.
   */
  private static JsonNode resources(DesiredDeployment.Compute compute) {
    var amounts = JsonNodeFactory.instance.objectNode();
    amounts.put("cpu", Quantities.cpu(compute.cpuCores()));
    amounts.put("memory", Quantities.mebibytes(compute.memoryMb()));
    if (compute.gpuUnits() > 0) {
      amounts.put(GPU_RESOURCE, Integer.toString(compute.gpuUnits()));
    }
    var resources = JsonNodeFactory.instance.objectNode();
    resources.set("requests", amounts);
    resources.set("limits", amounts.deepCopy());
    return resources;
  }
}
