package dev.kubedeploy.reconciler.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.harness.ApiFault;
import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.values.PlatformFacts;
import dev.kubedeploy.model.values.SecretValues;
import dev.kubedeploy.reconciler.desired.DesiredDeployment;
import dev.kubedeploy.reconciler.desired.NamespaceObjects;
import dev.kubedeploy.reconciler.desired.NetworkIsolation;
import dev.kubedeploy.reconciler.desired.ReleaseIdentity;
import dev.kubedeploy.reconciler.reconcile.KubeHarnessResource;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Namespace, quota, limit range, network policy and release identity against the harness: written
 * only when they differ, and never into a namespace the platform did not create.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(
    value = KubeHarnessResource.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "app.kube.release-cluster-role", value = "kubedeploy-release-kinds"),
      @ResourceArg(name = "app.kube.ingress-namespace", value = "ingress-nginx"),
      @ResourceArg(name = "app.kube.egress-denied-namespaces", value = "kubedeploy"),
      @ResourceArg(name = "app.kube.egress-denied-cidrs", value = "10.20.0.5/32")
    })
class NamespaceApplierTest {

  @KubeHarnessResource.Harness KubeHarness harness;

  @Inject NamespaceApplier applier;
  @Inject NamespaceRemover remover;
  @Inject KubernetesClient client;
  @Inject ReleaseClients releaseClients;
  @Inject KubeSettings settings;

  /** The applier with another release ClusterRole, waiting a second for its binding. */
  private NamespaceApplier applierWithRole(String role) {
    var configured = settings;
    return new NamespaceApplier(
        client,
        releaseClients,
        new KubeSettings() {
          @Override
          public Duration namespaceDeleteTimeout() {
            return configured.namespaceDeleteTimeout();
          }

          @Override
          public Duration namespaceDeletePollInterval() {
            return configured.namespaceDeletePollInterval();
          }

          @Override
          public String releaseClusterRole() {
            return role;
          }

          @Override
          public Duration releaseBindingTimeout() {
            return Duration.ofSeconds(1);
          }

          @Override
          public Optional<String> ingressNamespace() {
            return configured.ingressNamespace();
          }

          @Override
          public Optional<List<String>> egressDeniedNamespaces() {
            return configured.egressDeniedNamespaces();
          }

          @Override
          public Optional<List<String>> egressDeniedCidrs() {
            return configured.egressDeniedCidrs();
          }
        });
  }

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
        Optional.of(new PlatformFacts.Compute(new BigDecimal("0.5"), 512, 0, 2)),
        null,
        null,
        SecretValues.none());
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

  /**
   * The configured release role, granting what the binding is awaited with: the harness authorizes
   * the release ServiceAccount like an API server.
   */
  private void releaseRoleExists() {
    harness
        .client()
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("kubedeploy-release-kinds")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("secrets")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .createOr(existing -> existing.update());
  }

  @Test
  void aReleaseBindingToAnotherRoleIsReplacedSinceItsRoleRefCannotChange() throws Exception {
    releaseRoleExists();
    var deployment = deployment(newNamespace(), 1);
    apply(deployment);
    harness
        .client()
        .rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(ReleaseIdentity.NAME)
                .withNamespace(deployment.namespace())
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("view")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withNamespace("kubedeploy-system")
                .withName("kubedeploy-reconciler")
                .endSubject()
                .build())
        .create();

    assertThat(applier.applyReleaseIdentity(deployment).roleBinding()).isEqualTo(Change.CREATED);

    var binding =
        harness
            .client()
            .rbac()
            .roleBindings()
            .inNamespace(deployment.namespace())
            .withName(ReleaseIdentity.NAME)
            .get();
    assertThat(binding.getRoleRef().getName()).isEqualTo("kubedeploy-release-kinds");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(subject -> assertThat(subject.getName()).isEqualTo(ReleaseIdentity.NAME));
  }

  @Test
  void theReleaseRoleIsBoundInTheNamespaceToItsOwnReleaseServiceAccountOnce() throws Exception {
    releaseRoleExists();
    var deployment = deployment(newNamespace(), 1);
    apply(deployment);

    assertThat(applier.applyReleaseIdentity(deployment))
        .isEqualTo(new NamespaceApplier.IdentityOutcome(Change.CREATED, Change.CREATED));
    assertThat(applier.applyReleaseIdentity(deployment))
        .isEqualTo(new NamespaceApplier.IdentityOutcome(Change.UNCHANGED, Change.UNCHANGED));

    var account =
        harness
            .client()
            .serviceAccounts()
            .inNamespace(deployment.namespace())
            .withName(ReleaseIdentity.NAME)
            .get();
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    var binding =
        harness
            .client()
            .rbac()
            .roleBindings()
            .inNamespace(deployment.namespace())
            .withName(ReleaseIdentity.NAME)
            .get();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("kubedeploy-release-kinds");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getNamespace()).isEqualTo(deployment.namespace());
              assertThat(subject.getName()).isEqualTo(ReleaseIdentity.NAME);
            });
  }

  @Test
  void theNetworkPolicyIsCreatedFromTheConfiguredPeersOnce() {
    var deployment = deployment(newNamespace(), 1);
    apply(deployment);

    assertThat(applier.applyNetworkPolicy(deployment)).isEqualTo(Change.CREATED);
    assertThat(applier.applyNetworkPolicy(deployment)).isEqualTo(Change.UNCHANGED);

    var policy =
        harness
            .client()
            .network()
            .networkPolicies()
            .inNamespace(deployment.namespace())
            .withName(NetworkIsolation.NAME)
            .get();
    assertThat(policy.getSpec().getIngress().getFirst().getFrom().get(1).getNamespaceSelector())
        .satisfies(
            selector ->
                assertThat(selector.getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
    var egress = policy.getSpec().getEgress().getFirst().getTo();
    assertThat(
            egress.getFirst().getNamespaceSelector().getMatchExpressions().getFirst().getValues())
        .containsExactly("kubedeploy");
    assertThat(egress.get(1).getIpBlock().getExcept()).containsExactly("10.20.0.5/32");
  }

  @Test
  void aBindingTheApiServerNeverHonoursFailsTheAttemptAfterTheTimeout() {
    var deployment = deployment(newNamespace(), 1);
    apply(deployment);

    // the role exists nowhere: the release may never list its Secrets
    assertThatThrownBy(() -> applierWithRole("no-such-role").applyReleaseIdentity(deployment))
        .isInstanceOf(ReleaseBindingPendingException.class)
        .hasMessageContaining("still may not list Secrets")
        .hasMessageContaining("forbidden");
  }

  @Test
  void aNamespaceThePlatformDidNotCreateIsNeverAdopted() {
    var namespace = newNamespace();
    harness
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("team", "payments")
                .endMetadata()
                .build())
        .create();
    var deployment = deployment(namespace, 1);

    assertThatThrownBy(() -> apply(deployment))
        .isInstanceOf(NamespaceNotOwnedException.class)
        .hasMessage(
            "namespace "
                + namespace
                + " exists and was not created by kubedeploy for deployment "
                + namespace);

    assertThat(applier.ownership(namespace, namespace)).isEqualTo(NamespaceOwnership.FOREIGN);
    assertThat(harness.client().namespaces().withName(namespace).get().getMetadata().getLabels())
        .doesNotContainKey(NamespaceObjects.DEPLOYMENT_UID_LABEL);
    assertThat(harness.client().resourceQuotas().inNamespace(namespace).list().getItems())
        .isEmpty();
  }

  @Test
  void aNamespaceThePlatformCreatedForAnotherDeploymentIsNotThisOnes() {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));

    assertThat(applier.ownership(namespace, namespace)).isEqualTo(NamespaceOwnership.OURS);
    assertThat(applier.ownership(namespace, "another-uid")).isEqualTo(NamespaceOwnership.FOREIGN);
    assertThat(applier.ownership(newNamespace(), namespace)).isEqualTo(NamespaceOwnership.ABSENT);
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
  void aQuotaWrittenByAControllerWhileItIsPatchedIsStillResized() throws Exception {
    var namespace = newNamespace();
    apply(deployment(namespace, 1));
    var faults = harness.faults();
    var before = faults.injectedCount();
    faults.inject(
        ApiFault.delay(Duration.ofSeconds(2))
            .onMethod("PATCH")
            .onPath("/namespaces/" + namespace + "/resourcequotas/")
            .times(1));
    var quotas = harness.client().resourceQuotas().inNamespace(namespace);
    var resizing = CompletableFuture.supplyAsync(() -> apply(deployment(namespace, 8)).quota());
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> faults.injectedCount() > before);
      // while the patch is held, the quota moves on, as the quota controller's status writes do
      quotas
          .withName("kubedeploy-quota")
          .edit(
              live -> {
                live.getMetadata().setAnnotations(Map.of("recounted", "now"));
                return live;
              });

      assertThat(resizing.get(20, TimeUnit.SECONDS)).isEqualTo(Change.UPDATED);
    } finally {
      faults.clear();
    }
    assertThat(quotas.withName("kubedeploy-quota").get().getSpec().getHard())
        .containsEntry("limits.cpu", new Quantity("5"));
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
