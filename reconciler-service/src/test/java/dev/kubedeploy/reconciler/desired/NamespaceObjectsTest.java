package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubedeploy.model.catalog.PodSecurityLevel;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.SecretValues;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceObjectsTest {

  private static DesiredDeployment deployment(int replicas, int gpus, String tenant) {
    var base = Deployments.deployment(Deployments.template("{}", null, "{}"), "{}", replicas, null);
    return new DesiredDeployment(
        base.id(),
        base.uid(),
        base.namespace(),
        base.release(),
        base.status(),
        base.generation(),
        replicas,
        null,
        "{}",
        tenant,
        "shop",
        base.template(),
        Optional.of(new PlatformFacts.Compute(new BigDecimal("0.5"), 1024, gpus, 20)),
        null,
        null,
        SecretValues.none());
  }

  @Test
  void theNamespaceCarriesThePlatformLabels() {
    var namespace = NamespaceObjects.namespace(deployment(1, 0, "acme"));

    assertThat(namespace.getMetadata().getName()).isEqualTo("shop-alice-x1y2z3");
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "kubedeploy")
        .containsEntry("kubedeploy.dev/deployment-uid", "shop-alice-x1y2z3")
        .containsEntry("kubedeploy.dev/tenant", "acme")
        .containsEntry("kubedeploy.dev/product", "shop");
  }

  @Test
  void labelValuesAreMadeValidFromFreeText() {
    var namespace = NamespaceObjects.namespace(deployment(1, 0, "  ACME Corp / EU  "));

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("kubedeploy.dev/tenant", "ACME-Corp---EU");
    assertThat(LabelValues.of("x".repeat(80) + "-")).hasSize(63);
  }

  @Test
  void theQuotaCoversEveryReplicaPlusTheRolloutSurge() {
    var quota = NamespaceObjects.resourceQuota(deployment(4, 1, "acme")).orElseThrow();

    // 4 replicas + 1 surge pod of 0.5 cpu, 1024 MiB and 1 GPU each; storage is per deployment
    assertThat(quota.getSpec().getHard())
        .containsEntry("requests.cpu", new Quantity("2500m"))
        .containsEntry("limits.cpu", new Quantity("2500m"))
        .containsEntry("requests.memory", new Quantity("5120Mi"))
        .containsEntry("limits.memory", new Quantity("5120Mi"))
        .containsEntry("requests.nvidia.com/gpu", new Quantity("5"))
        .containsEntry("requests.storage", new Quantity("20Gi"));
  }

  @Test
  void theSurgeIsAQuarterOfTheReplicasRoundedUpAndAtLeastOne() {
    assertThat(NamespaceObjects.surge(0)).isEqualTo(1);
    assertThat(NamespaceObjects.surge(4)).isEqualTo(1);
    assertThat(NamespaceObjects.surge(5)).isEqualTo(2);
    assertThat(NamespaceObjects.surge(100)).isEqualTo(25);
  }

  @Test
  void containersWithoutResourcesGetSmallDefaultsAndAPodAtMostOneReplicasAmounts() {
    var limitRange = NamespaceObjects.limitRange(deployment(2, 0, "acme")).orElseThrow();

    var limits = limitRange.getSpec().getLimits();
    assertThat(limits).extracting(limit -> limit.getType()).containsExactly("Container", "Pod");
    var container = limits.getFirst();
    assertThat(container.getDefault())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(container.getDefaultRequest())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"))
        .containsEntry("ephemeral-storage", new Quantity("256Mi"));
    assertThat(limits.get(1).getMax())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1024Mi"));
  }

  @Test
  void aReplicaSmallerThanTheContainerDefaultsIsTheDefault() {
    var base = deployment(1, 0, "acme");
    var tiny =
        base.withChange(
            base.targetReplicas(),
            base.domainName(),
            base.userValuesJson(),
            base.template(),
            Optional.of(new PlatformFacts.Compute(new BigDecimal("0.05"), 64, 0, 1)),
            base.secrets());

    var container =
        NamespaceObjects.limitRange(tiny).orElseThrow().getSpec().getLimits().getFirst();

    assertThat(container.getDefault())
        .containsEntry("cpu", new Quantity("50m"))
        .containsEntry("memory", new Quantity("64Mi"));
  }

  @Test
  void theQuotaBoundsPodsScratchSpaceExposedPortsAndObjectCounts() {
    var quota = NamespaceObjects.resourceQuota(deployment(4, 0, "acme")).orElseThrow();

    assertThat(quota.getSpec().getHard())
        .containsEntry("pods", new Quantity("5"))
        .containsEntry("requests.ephemeral-storage", new Quantity("10240Mi"))
        .containsEntry("services.loadbalancers", new Quantity("0"))
        .containsEntry("services.nodeports", new Quantity("0"))
        .containsEntry("configmaps", new Quantity("50"))
        .containsEntry("secrets", new Quantity("50"))
        .containsEntry("services", new Quantity("20"))
        .containsEntry("persistentvolumeclaims", new Quantity("20"));
  }

  @Test
  void aTemplateThatAllowsLoadBalancersAndNodePortsGetsThemInTheQuota() {
    var template = withLimits(PodSecurityLevel.RESTRICTED, 2, 3);
    var quota =
        NamespaceObjects.resourceQuota(Deployments.deployment(template, "{}", 1, null))
            .orElseThrow();

    assertThat(quota.getSpec().getHard())
        .containsEntry("services.loadbalancers", new Quantity("2"))
        .containsEntry("services.nodeports", new Quantity("3"));
  }

  @Test
  void theNamespaceEnforcesAuditsAndWarnsAtTheTemplatesPodSecurityLevel() {
    var restricted = NamespaceObjects.namespace(deployment(1, 0, "acme"));
    var baseline =
        NamespaceObjects.namespace(
            Deployments.deployment(withLimits(PodSecurityLevel.BASELINE, 0, 0), "{}", 1, null));

    assertThat(restricted.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted");
    assertThat(baseline.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
        .containsEntry("pod-security.kubernetes.io/audit", "baseline")
        .containsEntry("pod-security.kubernetes.io/warn", "baseline");
  }

  @Test
  void onlyANamespaceLabelledForThisDeploymentByThePlatformIsOurs() {
    var ours = NamespaceObjects.namespace(deployment(1, 0, "acme"));
    var foreign = new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
    var otherDeployment =
        new NamespaceBuilder(ours)
            .editMetadata()
            .addToLabels("kubedeploy.dev/deployment-uid", "other-uid")
            .endMetadata()
            .build();
    var selfLabelled =
        new NamespaceBuilder(ours)
            .editMetadata()
            .addToLabels("app.kubernetes.io/managed-by", "Helm")
            .endMetadata()
            .build();

    assertThat(NamespaceObjects.createdFor(ours, "shop-alice-x1y2z3")).isTrue();
    assertThat(NamespaceObjects.createdFor(foreign, "shop-alice-x1y2z3")).isFalse();
    assertThat(NamespaceObjects.createdFor(otherDeployment, "shop-alice-x1y2z3")).isFalse();
    assertThat(NamespaceObjects.createdFor(selfLabelled, "shop-alice-x1y2z3")).isFalse();
  }

  private static DesiredDeployment.Template withLimits(
      PodSecurityLevel level, int loadBalancers, int nodePorts) {
    var base = Deployments.template("{}", null, "{}");
    return new DesiredDeployment.Template(
        base.id(),
        base.versionLabel(),
        base.chartRef(),
        base.chartVersion(),
        base.chartDigest(),
        base.defaultValuesJson(),
        base.valuesSchemaJson(),
        base.capabilitiesJson(),
        base.healthTimeoutSec(),
        level,
        loadBalancers,
        nodePorts);
  }
}
