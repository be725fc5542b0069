package dev.kubedeploy.reconciler.desired;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

/**
 * Who Helm is while it installs a deployment's chart: a ServiceAccount of that name in the
 * deployment's namespace, bound there (and only there) to the release ClusterRole. The reconciler
 * impersonates it, so whatever a chart renders outside its namespace, or of a kind the role does
 * not name, is refused by the API server itself.
 */
public final class ReleaseIdentity {

  /** The name of the ServiceAccount and of its RoleBinding, the same in every namespace. */
  public static final String NAME = "kubedeploy-release";

  private ReleaseIdentity() {}

  /** The user name the API server gives that ServiceAccount, as impersonation names it. */
  public static String username(String namespace) {
    return "system:serviceaccount:" + namespace + ":" + NAME;
  }

  /**
   * The ServiceAccount; pods do not get its token unless they ask for it, since the chart's pods
   * have no business holding the release's rights.
   */
  public static ServiceAccount serviceAccount(DesiredDeployment deployment) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(deployment.namespace())
        .withLabels(NamespaceObjects.labels(deployment))
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** The RoleBinding of {@code clusterRole} to that ServiceAccount in its own namespace. */
  public static RoleBinding roleBinding(DesiredDeployment deployment, String clusterRole) {
    if (clusterRole == null || clusterRole.isBlank()) {
      throw new DesiredStateException("app.kube.release-cluster-role must name a ClusterRole");
    }
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(deployment.namespace())
        .withLabels(NamespaceObjects.labels(deployment))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(clusterRole)
        .endRoleRef()
        .addNewSubject()
        // the API server's default, so that the stored binding compares equal
        .withApiGroup("")
        .withKind("ServiceAccount")
        .withNamespace(deployment.namespace())
        .withName(NAME)
        .endSubject()
        .build();
  }
}
