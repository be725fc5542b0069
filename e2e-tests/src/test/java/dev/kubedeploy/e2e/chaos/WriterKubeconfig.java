package dev.kubedeploy.e2e.chaos;

import dev.kubedeploy.harness.KubeHarness;
import java.nio.file.Path;

/**
 * A kubeconfig of its own for each reconciler process, so that the harness's write journal can tell
 * their writes (and their helm children's) apart: the one place that decides how a writer proves
 * who it is. Each is a user of its own, issued a token by the harness, in {@code system:masters}:
 * the chaos run is about the queue, not about what the reconciler may do.
 */
final class WriterKubeconfig {

  private WriterKubeconfig() {}

  /** Writes {@code dir/<writer>.kubeconfig} acting as the user {@code writer}. */
  static Path write(KubeHarness cluster, Path dir, String writer) {
    var file = dir.resolve(writer + ".kubeconfig");
    cluster.writeKubeconfigFor(file, writer, "system:masters");
    return file;
  }
}
