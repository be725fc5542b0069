package dev.kubedeploy.reconciler.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the reconciler waits on Kubernetes (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.kube")
public interface KubeSettings {

  /** How long a deleted deployment's namespace may take to disappear before the attempt fails. */
  @WithDefault("120s")
  Duration namespaceDeleteTimeout();

  /** How often the namespace is looked at while waiting for it to disappear. */
  @WithDefault("500ms")
  Duration namespaceDeletePollInterval();

  /**
   * ClusterRole bound in every deployment namespace to that namespace's release ServiceAccount,
   * which Helm impersonates: the kinds a chart may create there. The reconciler needs {@code bind}
   * on exactly this role.
   */
  @WithDefault("kubedeploy-release")
  String releaseClusterRole();

  /**
   * How long a new release RoleBinding may take to be honoured by the API server's authorizer
   * before the attempt fails (and is retried): helm must not start before it is.
   */
  @WithDefault("10s")
  Duration releaseBindingTimeout();

  /** The ingress controller's namespace, whose pods may reach every deployment; unset, none may. */
  Optional<String> ingressNamespace();

  /** Namespaces deployments' pods may not reach: the platform's own (API, database). */
  Optional<List<String>> egressDeniedNamespaces();

  /**
   * Address ranges deployments' pods may not reach: the database when it runs outside the cluster,
   * and the platform's pod addresses on network plugins whose address rules also match pods.
   */
  Optional<List<String>> egressDeniedCidrs();
}
