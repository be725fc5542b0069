package dev.kubedeploy.reconciler.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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
   * ClusterRole bound in every deployment namespace to the reconciler's service account, for
   * installs whose release role is not bound cluster-wide; unset, nothing is bound.
   */
  Optional<String> releaseClusterRole();

  /** The reconciler's service account as NAMESPACE/NAME: the subject of that binding. */
  Optional<String> releaseServiceAccount();
}
