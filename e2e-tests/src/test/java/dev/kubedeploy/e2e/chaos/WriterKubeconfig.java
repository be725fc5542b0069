package dev.kubedeploy.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubeconfig of its own for each reconciler process, so that the harness's write journal can tell
 * their writes (and their helm children's) apart. The one place that decides how a writer proves
 * who it is.
 *
 * <p>Today the harness takes the bearer token as the writer's name. Once the harness issues tokens
 * per user ({@code KubeHarness#kubeconfigFor(user, groups...)}, unknown tokens refused), this class
 * asks it for one instead of writing the file itself.
 */
public final class WriterKubeconfig {

  private WriterKubeconfig() {}

  /** Writes {@code dir/<writer>.kubeconfig} for the harness at {@code serverUrl}. */
  public static Path write(Path dir, String serverUrl, String writer) {
    var content =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-harness
          cluster:
            server: %1$s
        users:
        - name: %2$s
          user:
            token: %2$s
        contexts:
        - name: kube-harness
          context:
            cluster: kube-harness
            user: %2$s
            namespace: default
        current-context: kube-harness
        preferences: {}
        """
            .formatted(serverUrl, writer);
    try {
      Files.createDirectories(dir);
      var file = dir.resolve(writer + ".kubeconfig");
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
