package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.ProjectPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the Kubernetes test harness for a {@code @QuarkusTest} and points helm and the Fabric8
 * client at it through the one setting they share ({@code app.helm.kubeconfig}). The queue is off
 * unless {@code initArgs} turn it on: most tests call the step themselves. Tests get the harness in
 * a field annotated {@link Harness}.
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
      var workDir = Files.createTempDirectory("kubedeploy-reconcile-test-");
      var config = new HashMap<String, String>();
      config.put("app.helm.kubeconfig", harness.kubeconfig().toString());
      config.put("app.helm.binary", helmBinary());
      config.put("app.helm.work-dir", workDir.toString());
      config.put(
          "app.helm.local-chart-dir",
          ProjectPaths.root().resolve("deploy/sample-charts").toString());
      config.put("app.helm.deadline-grace", "10s");
      config.put("app.helm.kill-grace", "2s");
      config.put("app.kube.namespace-delete-timeout", "20s");
      config.put("app.queue.enabled", "false");
      config.putAll(overrides);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
