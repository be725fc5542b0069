package dev.kubedeploy.harness;

import dev.kubedeploy.harness.server.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig file that points {@code helm}, {@code kubectl} and Fabric8 at the harness. */
final class Kubeconfig {

  static final String CONTEXT = "kube-harness";

  private Kubeconfig() {}

  static String content(String serverUrl, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %4$s
        users:
        - name: %1$s
          user:
            token: %3$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        preferences: {}
        """
        .formatted(CONTEXT, serverUrl, token, ServerTls.certificateAuthorityData());
  }

  static void write(Path path, String serverUrl, String token) {
    try {
      var parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, content(serverUrl, token));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig to " + path, e);
    }
  }
}
