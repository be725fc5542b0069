package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.harness.KubeHarness;
import dev.kubedeploy.reconciler.helm.HelmBinaries;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.util.Map;

/**
 * Starts the Kubernetes test harness for a {@code @QuarkusTest} and points helm and the Fabric8
 * client at it through the one setting they share ({@code app.helm.kubeconfig}). The queue is off:
 * these tests call the step themselves. Tests get the harness in a field annotated {@link Harness}.
 */
public class KubeHarnessResource implements QuarkusTestResourceLifecycleManager {

  /** Marks the test field that receives the running {@link KubeHarness}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Harness {}

  private KubeHarness harness;

  @Override
  public Map<String, String> start() {
    harness = KubeHarness.start();
    try {
      var workDir = Files.createTempDirectory("kubedeploy-reconcile-test-");
      return Map.of(
          "app.helm.kubeconfig",
          harness.kubeconfig().toString(),
          "app.helm.binary",
          helmBinary(),
          "app.helm.work-dir",
          workDir.toString(),
          "app.helm.local-chart-dir",
          HelmBinaries.projectRoot().resolve("deploy/sample-charts").toString(),
          "app.helm.deadline-grace",
          "10s",
          "app.helm.kill-grace",
          "2s",
          "app.kube.namespace-delete-timeout",
          "20s",
          "app.queue.enabled",
          "false");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The helm the step runs; the default one unless a subclass picks a version. */
  protected String helmBinary() {
    return HelmBinaries.helm();
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
