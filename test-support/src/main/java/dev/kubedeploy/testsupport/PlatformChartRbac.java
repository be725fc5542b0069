package dev.kubedeploy.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

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
    return Command.of(
            HelmBinary.configuredOrDefault().toString(),
            "template",
            CHART_RELEASE,
            chart.toString(),
            "--namespace",
            PLATFORM_NAMESPACE,
            "-f",
            chart.resolve("ci/test-values.yaml").toString(),
            "--show-only",
            "templates/rbac.yaml")
        .environment(HelmBinary.homeEnvironment(home))
        .output(Duration.ofSeconds(60))
        .getBytes(StandardCharsets.UTF_8);
  }
}
