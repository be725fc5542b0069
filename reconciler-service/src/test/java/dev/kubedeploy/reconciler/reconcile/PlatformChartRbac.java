package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.ProjectPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform chart's ClusterRoles and binding (deploy/helm/kubedeploy, templates/rbac.yaml) as
 * {@code helm template} renders them for release {@value #CHART_RELEASE} in namespace {@value
 * #PLATFORM_NAMESPACE}, the names deploy-tests use. Applied to the harness, which authorizes like
 * an API server, they make the release role the tests bind the one the chart really installs.
 */
final class PlatformChartRbac {

  static final String CHART_RELEASE = "kd";
  static final String PLATFORM_NAMESPACE = "platform";

  /** The reconciler's ServiceAccount as the API server names it. */
  static final String RECONCILER =
      "system:serviceaccount:" + PLATFORM_NAMESPACE + ":kd-kubedeploy-reconciler";

  static final String RELEASE_ROLE = "kd-kubedeploy-reconciler-releases";

  private PlatformChartRbac() {}

  /** Creates the chart's RBAC objects with the harness's admin. */
  static void applyTo(KubeHarness harness) throws IOException {
    var admin = harness.client();
    for (var object : admin.load(new ByteArrayInputStream(render())).items()) {
      admin.resource(object).create();
    }
  }

  private static byte[] render() throws IOException {
    var chart = ProjectPaths.root().resolve("deploy/helm/kubedeploy");
    var home = Files.createTempDirectory("helm-template-");
    var builder =
        new ProcessBuilder(
                List.of(
                    HelmBinary.configuredOrDefault().toString(),
                    "template",
                    CHART_RELEASE,
                    chart.toString(),
                    "--namespace",
                    PLATFORM_NAMESPACE,
                    "-f",
                    chart.resolve("ci/test-values.yaml").toString(),
                    "--show-only",
                    "templates/rbac.yaml"))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    var process = builder.start();
    var output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("helm template of the platform chart failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return output;
  }
}
