package dev.kubedeploy.reconciler.kube;

import dev.kubedeploy.reconciler.desired.ReleaseIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fabric8 clients that act as a namespace's release ServiceAccount ({@link ReleaseIdentity}), for
 * calls made on a release's behalf: the API server then judges them by the release's rights, not
 * the reconciler's. They share the reconciler's connection and need no closing.
 */
@ApplicationScoped
public class ReleaseClients {

  private final KubernetesClient client;

  ReleaseClients(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient actingAsReleaseOf(String namespace) {
    var requestConfig =
        new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
            .withImpersonateUsername(ReleaseIdentity.username(namespace))
            .build();
    return client.newClient(requestConfig).adapt(KubernetesClient.class);
  }
}
