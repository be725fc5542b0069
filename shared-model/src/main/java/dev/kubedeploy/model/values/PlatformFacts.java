package dev.kubedeploy.model.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The facts the platform owns for one deployment, in the form a chart gets them: what the API
 * checks against a template's schema before it accepts a change, and what the reconciler places.
 *
 * @param targetReplicas the replica count
 * @param domainName the domain name, or null when the deployment has none
 * @param compute the per-replica compute and the storage, or null when unknown
 */
public record PlatformFacts(int targetReplicas, String domainName, Compute compute) {

  /** The extended resource name the NVIDIA device plugin registers. */
  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /** What one replica gets (cpu, memory, GPUs) and what the deployment stores. */
  public record Compute(BigDecimal cpuCores, int memoryMb, int gpuUnits, int storageGb) {}

  /**
   * Every fact as a JSON value. The domain name is a null node when the deployment has none, so
   * that it is placed as an explicit null and a chart's default host is never used.
   */
  public Map<PlatformValue, JsonNode> values() {
    var nodes = JsonNodeFactory.instance;
    var facts = new EnumMap<PlatformValue, JsonNode>(PlatformValue.class);
    facts.put(PlatformValue.REPLICAS, nodes.numberNode(targetReplicas));
    facts.put(PlatformValue.INGRESS_ENABLED, nodes.booleanNode(domainName != null));
    facts.put(
        PlatformValue.DOMAIN, domainName == null ? nodes.nullNode() : nodes.textNode(domainName));
    if (compute != null) {
      facts.put(PlatformValue.RESOURCES, resources(compute));
      facts.put(
          PlatformValue.STORAGE_SIZE, nodes.textNode(Quantities.gibibytes(compute.storageGb())));
    }
    return facts;
  }

  /**
   * Requests equal to limits, so that each replica gets exactly what the user asked for (the
   * Guaranteed QoS class); GPUs only when asked for, since Kubernetes requires them equal anyway.
   */
  private static JsonNode resources(Compute compute) {
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
