package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubedeploy.harness.ApiFault;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.NamespaceObjects;
import dev.kubedeploy.reconciler.desired.ReleaseRoleBinding;
import dev.kubedeploy.reconciler.reconcile.KubeHarnessResource;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Namespace, quota and limit range against the harness: written only when they differ. */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = KubeHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.kube.release-cluster-role", value = "kubedeploy-release"),
      @ResourceArg(
          name = "app.kube.release-service-account",
          value = "kubedeploy-system/kubedeploy-reconciler")
    })
class NamespaceApplierTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject NamespaceApplier applier;
  @Inject NamespaceRemover remover;

  private static DesiredDeployment deployment(String namespace, int replicas) {
    return new DesiredDeployment(
        1,
        namespace,
        namespace,
        namespace,
        DeploymentStatus.PENDING,
        1,
        replicas,
        null,
        "{}",
        "acme",
        "shop",
        new DesiredDeployment.Template(1, "1.0", "webapp", "0.1.0", null, "{}", null, "{}", 30),
        Optional.of(new DesiredDeployment.Compute(new BigDecimal("0.5"), 512, 0, 2)),
        null,
        null);
  }

  private NamespaceApplier.Outcome apply(DesiredDeployment deployment) {
    return applier.apply(
        NamespaceObjects.namespace(deployment),
        NamespaceObjects.resourceQuota(deployment),
        NamespaceObjects.limitRange(deployment));
  }

  private static String newNamespace() {
    return "ns-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aSecondApplyOfTheSameStateWritesNothing() {
    var deployment = deployment(newNamespace(), 2);

    assertThat(apply(deployment))
        .isEqualTo(new NamespaceApplier.Outcome(Change.CREATED, Change.CREATED, Change.CREATED));
    assertThat(apply(deployment))
        .isEqualTo(
            new NamespaceApplier.Outcome(Change.UNCHANGED, Change.UNCHANGED, Change.UNCHANGED));
  }

  @Test
  void theReleaseRoleIsBoundInTheNamespaceToTheReconcilersServiceAccountOnce() {
    var deployment = deployment(newNamespace(), 1);
    apply(deployment);

    assertThat(applier.applyReleaseRoleBinding(deployment)).isEqualTo(Change.CREATED);
    assertThat(applier.applyReleaseRoleBinding(deployment)).isEqualTo(Change.UNCHANGED);

    var binding =
        harness
            .client()
            .rbac()
            .roleBindings()
            .inNamespace(deployment.namespace())
            .withName(ReleaseRoleBinding.NAME)
            .get();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("kubedeploy-release");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getNamespace()).isEqualTo("kubedeploy-system");
              assertThat(subject.getName()).isEqualTo("kubedeploy-reconciler");
            });
  }

  @Test
  void aScaledDeploymentGetsAQuotaForItsNewSize() {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));

    var outcome = apply(deployment(namespace, 8));

    assertThat(outcome.quota()).isEqualTo(Change.UPDATED);
    assertThat(outcome.namespace()).isEqualTo(Change.UNCHANGED);
    var quota =
        harness.client().resourceQuotas().inNamespace(namespace).withName("kubedeploy-quota").get();
    // 8 replicas and a surge of 2, half a core each
    assertThat(quota.getSpec().getHard()).containsEntry("limits.cpu", new Quantity("5"));
  }

  @Test
  void labelsRemovedByHandAreRestoredAndOthersKept() {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));
    harness
        .client()
        .namespaces()
        .withName(namespace)
        .edit(
            live -> {
              live.getMetadata().getLabels().remove(NamespaceObjects.TENANT_LABEL);
              live.getMetadata().getLabels().put("team", "blue");
              return live;
            });

    assertThat(apply(deployment(namespace, 1)).namespace()).isEqualTo(Change.UPDATED);

    assertThat(harness.client().namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsEntry(NamespaceObjects.TENANT_LABEL, "acme")
        .containsEntry("team", "blue");
  }

  @Test
  void aRefusedDeleteThatLeftTheNamespaceInPlaceIsAnError() {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));
    harness
        .faults()
        .inject(
            ApiFault.respond(409).onMethod("DELETE").onPath("/namespaces/" + namespace).times(1));

    assertThatThrownBy(() -> remover.delete(namespace))
        .isInstanceOf(KubernetesClientException.class);
    assertThat(harness.client().namespaces().withName(namespace).get()).isNotNull();
  }

  @Test
  void aNamespaceIsDeletedAndWaitedForAndAMissingOneIsFine() throws Exception {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));

    assertThat(remover.delete(namespace)).isEqualTo(Change.DELETED);
    assertThat(harness.client().namespaces().withName(namespace).get()).isNull();
    assertThat(remover.delete(namespace)).isEqualTo(Change.ABSENT);
  }
}
