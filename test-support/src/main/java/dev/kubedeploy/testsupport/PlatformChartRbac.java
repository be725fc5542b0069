package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform chart's ClusterRoles and binding (deploy/helm/kubedeploy, templates/rbac.yaml) as
 * {@code helm template} renders them for release {@value #CHART_RELEASE} in namespace {@value
 * #PLATFORM_NAMESPACE}, the names deploy-tests use. Applied to the harness, which authorizes like
 * an API server, they make the release role the tests bind the one the chart really installs, and
 * let the reconciler run as the chart's ServiceAccount.
 */
public final class PlatformChartRbac {

  public static final String CHART_RELEASE = "kd";
  public static final String PLATFORM_NAMESPACE = "platform";

  /** The reconciler's ServiceAccount as the API server names it. */
  public static final String RECONCILER =
      "system:serviceaccount:" + PLATFORM_NAMESPACE + ":kd-kubedeploy-reconciler";

  public static final String RELEASE_ROLE = "kd-kubedeploy-reconciler-releases";

  private PlatformChartRbac() {}

  /** The rendered objects, as YAML documents. */
  public static byte[] render() throws IOException {
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
