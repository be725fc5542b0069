package dev.kubedeploy.reconciler.desired;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.Optional;

/**
 * The RoleBinding that lets the reconciler install releases in a deployment's namespace when the
 * platform is installed with a per-namespace binding (the chart's {@code
 * reconciler.rbac.releaseBinding=namespace}): the release ClusterRole, bound in this namespace only
 * to the reconciler's own service account.
 */
public final class ReleaseRoleBinding {

  public static final String NAME = "kubedeploy-release";

  private ReleaseRoleBinding() {}

  /**
   * The binding, or empty when no release ClusterRole is configured (the cluster-wide mode).
   *
   * @param serviceAccount the reconciler's service account as {@code NAMESPACE/NAME}
   */
  public static Optional<RoleBinding> of(
      DesiredDeployment deployment, Optional<String> clusterRole, Optional<String> serviceAccount) {
    if (clusterRole.isEmpty()) {
      return Optional.empty();
    }
    var subject = serviceAccount.orElse("").split("/", -1);
    if (subject.length != 2 || subject[0].isBlank() || subject[1].isBlank()) {
      throw new DesiredStateException(
          "app.kube.release-service-account must be NAMESPACE/NAME when"
              + " app.kube.release-cluster-role is set");
    }
    return Optional.of(
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(deployment.namespace())
            .withLabels(NamespaceObjects.labels(deployment))
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName(clusterRole.get())
            .endRoleRef()
            .addNewSubject()
            .withKind("ServiceAccount")
            .withNamespace(subject[0])
            .withName(subject[1])
            .endSubject()
            .build());
  }
}
