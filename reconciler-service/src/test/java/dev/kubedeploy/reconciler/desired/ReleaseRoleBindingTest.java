package dev.kubedeploy.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseRoleBindingTest {

  private final DesiredDeployment deployment =
      Deployments.deployment(Deployments.template("{}", null, "{}"), "{}", 1, null);

  @Test
  void nothingIsBoundWithoutAReleaseClusterRole() {
    assertThat(ReleaseRoleBinding.of(deployment, Optional.empty(), Optional.of("ns/sa"))).isEmpty();
  }

  @Test
  void theBindingNamesTheRoleAndTheServiceAccountInTheDeploymentsNamespace() {
    var binding =
        ReleaseRoleBinding.of(deployment, Optional.of("release"), Optional.of("system/reconciler"))
            .orElseThrow();

    assertThat(binding.getMetadata().getNamespace()).isEqualTo(deployment.namespace());
    assertThat(binding.getRoleRef().getName()).isEqualTo("release");
    assertThat(binding.getSubjects().getFirst().getNamespace()).isEqualTo("system");
    assertThat(binding.getSubjects().getFirst().getName()).isEqualTo("reconciler");
  }

  @Test
  void aServiceAccountThatIsNotNamespaceSlashNameIsAnError() {
    for (var bad : new String[] {"reconciler", "/reconciler", "system/", "a/b/c"}) {
      assertThatThrownBy(
              () -> ReleaseRoleBinding.of(deployment, Optional.of("release"), Optional.of(bad)))
          .isInstanceOf(DesiredStateException.class)
          .hasMessageContaining("NAMESPACE/NAME");
    }
    assertThatThrownBy(
            () -> ReleaseRoleBinding.of(deployment, Optional.of("release"), Optional.empty()))
        .isInstanceOf(DesiredStateException.class);
  }
}
