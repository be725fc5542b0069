package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

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
        Optional.of(new DesiredDeployment.Compute(new BigDecimal("0.5"), 1024, gpus, 20)),
        null,
        null);
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
  void containersWithoutResourcesGetOneReplicasAmounts() {
    var limitRange = NamespaceObjects.limitRange(deployment(2, 0, "acme")).orElseThrow();

    var limit = limitRange.getSpec().getLimits().getFirst();
    assertThat(limit.getType()).isEqualTo("Container");
    assertThat(limit.getDefault())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1024Mi"));
    assertThat(limit.getDefaultRequest()).isEqualTo(limit.getDefault());
  }

  @Test
  void cpuIsWrittenInWholeCoresWhenItCanBe() {
    assertThat(Quantities.cpu(new BigDecimal("2.000"))).isEqualTo("2");
    assertThat(Quantities.cpu(new BigDecimal("1.25"))).isEqualTo("1250m");
    assertThat(Quantities.cpu(new BigDecimal("0.5"))).isEqualTo("500m");
  }
}
