package dev.kubedeploy.reconciler.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the reconciler waits on Kubernetes (docs/configuration.md lists every key). */
@ConfigMapping(prefix = "app.kube")
public interface KubeSettings {

  /** How long a deleted deployment's namespace may take to disappear before the attempt fails. */
  @WithDefault("120s")
  Duration namespaceDeleteTimeout();

  /** How often the namespace is looked at while waiting for it to disappear. */
  @WithDefault("500ms")
  Duration namespaceDeletePollInterval();
}
