package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.reconciler.helm.HelmConfig;
import io.fabric8.kubernetes.client.Config;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The Fabric8 client's connection, taken from the same place helm takes it, so that the two can
 * never talk to different clusters: {@code app.helm.kubeconfig} when set, otherwise Fabric8's own
 * discovery (KUBECONFIG, ~/.kube/config, the pod's service account), which follows the same order
 * as helm's. Quarkus builds the {@code KubernetesClient} from this {@link Config}; its {@code
 * quarkus.kubernetes-client.*} connection keys are therefore not used.
 */
public class KubeClientConfig {

  @Produces
  @Singleton
  Config kubernetesClientConfig(HelmConfig helm) {
    return helm.kubeconfig()
        .map(
            path -> {
              try {
                return Config.fromKubeconfig(null, Files.readString(path), path.toString());
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read app.helm.kubeconfig " + path, e);
              }
            })
        .orElseGet(() -> Config.autoConfigure(null));
  }
}
