package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.PlatformChartRbac;
import dev.kubedeploy.testsupport.ProjectPaths;
import dev.kubedeploy.testsupport.RunningProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Kubernetes test harness as a process of its own ({@code bin/kube-harness}), so that a
 * benchmark can tell its CPU time from the reconciler's; the reconcile queue runs with the
 * concurrency of the system property {@code bench.concurrency} (10 by default), without workers
 * when {@code bench.queue} is false, and resyncs every {@code bench.resync-interval} when that is
 * set (checking every 5 s).
 */
public class KubeHarnessProcessResource implements QuarkusTestResourceLifecycleManager {

  /** The harness process, for CPU accounting. */
  static volatile ProcessHandle harnessProcess;

  private RunningProcess process;

  @Override
  public Map<String, String> start() {
    try {
      var workDir = Files.createTempDirectory("kubedeploy-reconcile-bench-");
      var kubeconfig = workDir.resolve("kubeconfig");
      process =
          Command.of(
                  ProjectPaths.root().resolve("bin/kube-harness").toString(),
                  "--kubeconfig",
                  kubeconfig.toString())
              .start(workDir.resolve("kube-harness.log"));
      // it prints its URL once it serves; its first run may build the harness's jar first
      process.awaitLine(line -> line.startsWith("http"), Duration.ofMinutes(10));
      harnessProcess = process.handle();
      applyPlatformChartRbac(kubeconfig);
      var resyncInterval = System.getProperty("bench.resync-interval", "");
      return Map.ofEntries(
          Map.entry("app.helm.kubeconfig", kubeconfig.toString()),
          Map.entry("app.helm.binary", HelmBinary.configuredOrDefault().toString()),
          Map.entry("app.helm.work-dir", workDir.resolve("work").toString()),
          Map.entry(
              "app.helm.local-chart-dir",
              ProjectPaths.root().resolve("deploy/sample-charts").toString()),
          Map.entry("app.kube.release-cluster-role", PlatformChartRbac.RELEASE_ROLE),
          Map.entry("app.queue.enabled", System.getProperty("bench.queue", "true")),
          Map.entry("app.queue.concurrency", System.getProperty("bench.concurrency", "10")),
          Map.entry("app.queue.resync.enabled", Boolean.toString(!resyncInterval.isBlank())),
          Map.entry("app.queue.resync.interval", resyncInterval.isBlank() ? "10m" : resyncInterval),
          Map.entry("app.queue.resync.check-interval", "5s"),
          Map.entry("app.queue.job-timeout", "10m"),
          // as in production: the health watch runs, and its caches answer idle resyncs
          Map.entry("app.health.enabled", "true"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The release ClusterRole every deployment's release identity is bound to, as the in-process
   * harness gets it ({@link KubeHarnessResource}): without it helm may not read its own Secrets.
   */
  private static void applyPlatformChartRbac(Path kubeconfig) throws IOException {
    try (var admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      for (var object : admin.load(new ByteArrayInputStream(PlatformChartRbac.render())).items()) {
        admin.resource(object).create();
      }
    }
  }

  @Override
  public void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(10));
    }
  }
}
