package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleaseIdentityTest {

  private final DesiredDeployment deployment =
      Deployments.deployment(Deployments.template("{}", null, "{}"), "{}", 1, null);

  @Test
  void theReleaseRoleIsBoundToTheNamespacesOwnServiceAccountOnly() {
    var binding = ReleaseIdentity.roleBinding(deployment, "kubedeploy-release");

    assertThat(binding.getMetadata().getNamespace()).isEqualTo("shop-alice-x1y2z3");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("kubedeploy-release");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getNamespace()).isEqualTo("shop-alice-x1y2z3");
              assertThat(subject.getName()).isEqualTo(ReleaseIdentity.NAME);
            });
  }

  @Test
  void theServiceAccountsTokenIsNotMountedIntoPodsAndItsUserNameIsWhatHelmImpersonates() {
    var account = ReleaseIdentity.serviceAccount(deployment);

    assertThat(account.getMetadata().getNamespace()).isEqualTo("shop-alice-x1y2z3");
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(ReleaseIdentity.username("shop-alice-x1y2z3"))
        .isEqualTo("system:serviceaccount:shop-alice-x1y2z3:kubedeploy-release");
  }

  @Test
  void aBlankReleaseClusterRoleIsRefused() {
    assertThatThrownBy(() -> ReleaseIdentity.roleBinding(deployment, " "))
        .isInstanceOf(DesiredStateException.class)
        .hasMessageContaining("app.kube.release-cluster-role");
  }
}
