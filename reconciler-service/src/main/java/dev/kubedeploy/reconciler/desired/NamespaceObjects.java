package dev.kubedeploy.reconciler.desired;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The namespace of a deployment and the two objects that bound it: a ResourceQuota derived from the
 * deployment's compute, and a LimitRange that gives containers without resources the per-replica
 * amounts (a quota on cpu and memory rejects pods that set none).
 */
public final class NamespaceObjects {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "kubedeploy";
  public static final String DEPLOYMENT_UID_LABEL = "kubedeploy.dev/deployment-uid";
  public static final String TENANT_LABEL = "kubedeploy.dev/tenant";
  public static final String PRODUCT_LABEL = "kubedeploy.dev/product";
  public static final String QUOTA_NAME = "kubedeploy-quota";
  public static final String LIMIT_RANGE_NAME = "kubedeploy-defaults";

  /**
   * Deployments roll out one extra pod per four (maxSurge 25%, rounded up): the quota leaves room.
   */
  private static final int SURGE_PERCENT = 25;

  private NamespaceObjects() {}

  /** The labels of the namespace; every value is a valid label value. */
  public static Map<String, String> labels(DesiredDeployment deployment) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(DEPLOYMENT_UID_LABEL, deployment.uid());
    labels.put(TENANT_LABEL, LabelValues.of(deployment.tenantKey()));
    labels.put(PRODUCT_LABEL, LabelValues.of(deployment.productSlug()));
    return labels;
  }

  public static Namespace namespace(DesiredDeployment deployment) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(deployment.namespace())
        .withLabels(labels(deployment))
        .endMetadata()
        .build();
  }

  /**
   * Requests and limits for every replica plus the rollout surge, GPUs likewise, and the
   * deployment's storage as a whole (volume claims outlive a scale-down, so they are not per
   * replica). Absent when the deployment has no compute row.
   */
  public static Optional<ResourceQuota> resourceQuota(DesiredDeployment deployment) {
    return deployment
        .compute()
        .map(
            compute -> {
              var pods = deployment.targetReplicas() + surge(deployment.targetReplicas());
              var cpu = Quantities.cpu(compute.cpuCores().multiply(BigDecimal.valueOf(pods)));
              var memory = Quantities.mebibytes((long) compute.memoryMb() * pods);
              var hard = new LinkedHashMap<String, Quantity>();
              hard.put("requests.cpu", new Quantity(cpu));
              hard.put("limits.cpu", new Quantity(cpu));
              hard.put("requests.memory", new Quantity(memory));
              hard.put("limits.memory", new Quantity(memory));
              hard.put(
                  "requests." + PlatformValues.GPU_RESOURCE,
                  new Quantity(Long.toString((long) compute.gpuUnits() * pods)));
              hard.put("requests.storage", new Quantity(Quantities.gibibytes(compute.storageGb())));
              return new ResourceQuotaBuilder()
                  .withNewMetadata()
                  .withName(QUOTA_NAME)
                  .withNamespace(deployment.namespace())
                  .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY))
                  .endMetadata()
                  .withNewSpec()
                  .withHard(hard)
                  .endSpec()
                  .build();
            });
  }

  /** Containers that set no resources get one replica's amounts. */
  public static Optional<LimitRange> limitRange(DesiredDeployment deployment) {
    return deployment
        .compute()
        .map(
            compute -> {
              var amounts =
                  Map.of(
                      "cpu", new Quantity(Quantities.cpu(compute.cpuCores())),
                      "memory", new Quantity(Quantities.mebibytes(compute.memoryMb())));
              return new LimitRangeBuilder()
                  .withNewMetadata()
                  .withName(LIMIT_RANGE_NAME)
                  .withNamespace(deployment.namespace())
                  .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY))
                  .endMetadata()
                  .withNewSpec()
                  .addNewLimit()
                  .withType("Container")
                  .withDefault(amounts)
                  .withDefaultRequest(amounts)
                  .endLimit()
                  .endSpec()
                  .build();
            });
  }

  static int surge(int replicas) {
    return Math.max(1, (replicas * SURGE_PERCENT + 99) / 100);
  }
}
