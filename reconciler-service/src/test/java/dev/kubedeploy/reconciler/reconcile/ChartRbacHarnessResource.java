package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The harness as a cluster installed from the platform chart, with the reconciler acting as the
 * chart's reconciler ServiceAccount ({@link PlatformChartRbac#RECONCILER}) instead of the harness's
 * admin: every request of the step, and of helm acting as a release, is authorized as it would be
 * there. Local chart references resolve in a copy of the sample charts plus the hostile charts of
 * src/test/resources/hostile-charts.
 */
public class ChartRbacHarnessResource extends KubeHarnessResource {

  @Override
  protected Path reconcilerKubeconfig(KubeHarness harness) {
    return harness.kubeconfigFor(PlatformChartRbac.RECONCILER);
  }

  @Override
  protected Path localChartDir() throws IOException {
    var folder = Files.createTempDirectory("kubedeploy-charts-");
    copy(ProjectPaths.root().resolve("deploy/sample-charts"), folder);
    // both folders have a README.md: the second one wins, the charts do not collide
    copy(
        ProjectPaths.root().resolve("reconciler-service/src/test/resources/hostile-charts"),
        folder);
    return folder;
  }

  private static void copy(Path from, Path into) throws IOException {
    try (var files = Files.walk(from)) {
      for (var file : files.toList()) {
        var target = into.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
