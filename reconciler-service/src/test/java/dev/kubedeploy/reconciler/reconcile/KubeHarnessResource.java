package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.ProjectPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the Kubernetes test harness for a {@code @QuarkusTest}, with the platform chart's RBAC
 * applied ({@link PlatformChartRbac}: the harness authorizes every request, and helm acts as each
 * namespace's release ServiceAccount), and points helm and the Fabric8 client at it through the one
 * setting they share ({@code app.helm.kubeconfig}). The queue is off unless {@code initArgs} turn
 * it on: most tests call the step themselves. Tests get the harness in a field annotated {@link
 * Harness}.
 */
public class KubeHarnessResource implements QuarkusTestResourceLifecycleManager {

  /** Marks the test field that receives the running {@link KubeHarness}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Harness {}

  private KubeHarness harness;
  private Map<String, String> overrides = Map.of();

  /** Settings given as {@code initArgs} replace the defaults below (e.g. to run the queue). */
  @Override
  public void init(Map<String, String> initArgs) {
    overrides = Map.copyOf(initArgs);
  }

  @Override
  public Map<String, String> start() {
    harness = KubeHarness.start();
    try {
      harness.apply(PlatformChartRbac.render());
      var workDir = Files.createTempDirectory("kubedeploy-reconcile-test-");
      var config = new HashMap<String, String>();
      config.put("app.helm.kubeconfig", reconcilerKubeconfig(harness).toString());
      config.put("app.helm.binary", helmBinary());
      config.put("app.helm.work-dir", workDir.toString());
      config.put("app.helm.local-chart-dir", localChartDir().toString());
      config.put("app.helm.deadline-grace", "10s");
      config.put("app.helm.kill-grace", "2s");
      config.put("app.kube.namespace-delete-timeout", "20s");
      config.put("app.kube.release-cluster-role", PlatformChartRbac.RELEASE_ROLE);
      config.put("app.queue.enabled", "false");
      config.putAll(overrides);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Who the reconciler is towards the harness: its admin unless a subclass says otherwise. */
  protected Path reconcilerKubeconfig(KubeHarness harness) throws IOException {
    return harness.kubeconfig();
  }

  /** Where local chart references resolve: the repository's sample charts unless overridden. */
  protected Path localChartDir() throws IOException {
    return ProjectPaths.root().resolve("deploy/sample-charts");
  }

  /** The helm the step runs; the default one unless a subclass picks a version. */
  protected String helmBinary() {
    return HelmBinary.configuredOrDefault().toString();
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        harness, new TestInjector.AnnotatedAndMatchesType(Harness.class, KubeHarness.class));
  }

  @Override
  public void stop() {
    if (harness != null) {
      harness.close();
    }
  }
}
