package dev.kubedeploy.reconciler.desired;

import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.Quantities;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The namespace of a deployment and the two objects that bound it: a ResourceQuota derived from the
 * deployment's compute and its template's allowances, and a LimitRange that gives containers
 * without resources small defaults (a quota on cpu and memory rejects pods that set none) and caps
 * each pod at one replica's amounts. The namespace enforces the template's Pod Security Standard.
 */
public final class NamespaceObjects {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "kubedeploy";
  public static final String DEPLOYMENT_UID_LABEL = "kubedeploy.dev/deployment-uid";
  public static final String TENANT_LABEL = "kubedeploy.dev/tenant";
  public static final String PRODUCT_LABEL = "kubedeploy.dev/product";
  public static final String QUOTA_NAME = "kubedeploy-quota";
  public static final String LIMIT_RANGE_NAME = "kubedeploy-defaults";

  /** Pod Security Admission's labels: refuse, audit and warn at the template's level. */
  public static final List<String> POD_SECURITY_LABELS =
      List.of(
          "pod-security.kubernetes.io/enforce",
          "pod-security.kubernetes.io/audit",
          "pod-security.kubernetes.io/warn");

  /**
   * Objects a namespace may hold of each countable kind: generous for an application chart, small
   * enough that a chart looping over user values cannot fill etcd. Helm's release history (ten
   * Secrets) counts against {@code secrets}.
   */
  static final Map<String, String> OBJECT_COUNTS =
      Map.of("configmaps", "50", "secrets", "50", "services", "20", "persistentvolumeclaims", "20");

  /** Scratch space one pod may ask for, and what a container that asks nothing is given. */
  static final long EPHEMERAL_STORAGE_PER_POD_MIB = 2048;

  static final String CONTAINER_DEFAULT_EPHEMERAL_STORAGE = "256Mi";

  /**
   * What a container that sets no resources gets, at most: a pod of several such containers must
   * still fit in one replica's amounts, which a per-container default of a whole replica breaks.
   */
  static final BigDecimal CONTAINER_DEFAULT_CPU = new BigDecimal("0.1");

  static final int CONTAINER_DEFAULT_MEMORY_MB = 128;

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

  /** The platform's labels plus Pod Security Admission's at the template's level. */
  public static Namespace namespace(DesiredDeployment deployment) {
    var labels = labels(deployment);
    var level = deployment.template().podSecurityLevel().value();
    POD_SECURITY_LABELS.forEach(label -> labels.put(label, level));
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(deployment.namespace())
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /**
   * Whether the platform created {@code live} for the deployment {@code uid}: only then may it be
   * changed, bound or deleted. A namespace someone else made is never adopted, even when its name
   * collides with a deployment's.
   */
  public static boolean createdFor(Namespace live, String uid) {
    var labels = live.getMetadata().getLabels();
    return labels != null
        && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
        && uid.equals(labels.get(DEPLOYMENT_UID_LABEL));
  }

  /**
   * Requests and limits for every replica plus the rollout surge, GPUs, pods and scratch space
   * likewise, and the deployment's storage as a whole (volume claims outlive a scale-down, so they
   * are not per replica); load balancers and node ports only as far as the template allows, and a
   * bounded count of the other objects. Absent when the deployment has no compute row.
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
                  "requests." + PlatformFacts.GPU_RESOURCE,
                  new Quantity(Long.toString((long) compute.gpuUnits() * pods)));
              hard.put("requests.storage", new Quantity(Quantities.gibibytes(compute.storageGb())));
              hard.put(
                  "requests.ephemeral-storage",
                  new Quantity(Quantities.mebibytes(EPHEMERAL_STORAGE_PER_POD_MIB * pods)));
              hard.put("pods", new Quantity(Integer.toString(pods)));
              var template = deployment.template();
              hard.put(
                  "services.loadbalancers",
                  new Quantity(Integer.toString(Math.max(0, template.maxLoadBalancers()))));
              hard.put(
                  "services.nodeports",
                  new Quantity(Integer.toString(Math.max(0, template.maxNodePorts()))));
              new TreeMap<>(OBJECT_COUNTS)
                  .forEach((kind, count) -> hard.put(kind, new Quantity(count)));
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

  /**
   * Containers that set no resources get small defaults (never more than a replica's amounts); a
   * pod as a whole may not ask for more than one replica's amounts, the quota's unit.
   */
  public static Optional<LimitRange> limitRange(DesiredDeployment deployment) {
    return deployment
        .compute()
        .map(
            compute -> {
              var replica =
                  Map.of(
                      "cpu", new Quantity(Quantities.cpu(compute.cpuCores())),
                      "memory", new Quantity(Quantities.mebibytes(compute.memoryMb())));
              var defaults =
                  Map.of(
                      "cpu",
                      new Quantity(Quantities.cpu(compute.cpuCores().min(CONTAINER_DEFAULT_CPU))),
                      "memory",
                      new Quantity(
                          Quantities.mebibytes(
                              Math.min(compute.memoryMb(), CONTAINER_DEFAULT_MEMORY_MB))));
              var defaultRequests = new LinkedHashMap<>(defaults);
              defaultRequests.put(
                  "ephemeral-storage", new Quantity(CONTAINER_DEFAULT_EPHEMERAL_STORAGE));
              return new LimitRangeBuilder()
                  .withNewMetadata()
                  .withName(LIMIT_RANGE_NAME)
                  .withNamespace(deployment.namespace())
                  .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY))
                  .endMetadata()
                  .withNewSpec()
                  .addNewLimit()
                  .withType("Container")
                  .withDefault(defaults)
                  .withDefaultRequest(defaultRequests)
                  .endLimit()
                  .addNewLimit()
                  .withType("Pod")
                  .withMax(replica)
                  .endLimit()
                  .endSpec()
                  .build();
            });
  }

  static int surge(int replicas) {
    return Math.max(1, (replicas * SURGE_PERCENT + 99) / 100);
  }
}
