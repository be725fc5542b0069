package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.reconciler.helm.HelmCallTimer;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not a test (its name keeps it out of the build): reconciles {@code bench.deployments} new
 * deployments (1,000 by default) of the webapp sample chart through the real queue, real helm and
 * the Kubernetes harness running as its own process, and reports deployments per minute with the
 * time split between helm, the harness and the reconciler. Run it with
 *
 * <pre>
 * bin/mvn -B -ntp verify -pl reconciler-service -am \
 *   -Dtest=HelmReconcileBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
 *   -Dbench.deployments=1000 -Dbench.concurrency=10
 * </pre>
 *
 * The report goes to stdout, and to the file {@code -Dbench.report=PATH} names.
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessProcessResource.class, restrictToAnnotatedClass = true)
class HelmReconcileBenchmark {

  private static final long CLOCK_TICKS_PER_SECOND = 100;

  @Inject Fixtures fixtures;
  @Inject MeterRegistry registry;

  @Test
  void reconcileDeploymentsThroughHelm() throws Exception {
    var count = Integer.getInteger("bench.deployments", 1000);
    var concurrency = Integer.getInteger("bench.concurrency", 10);
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 120));
    var ids = new ArrayList<Long>();
    for (var i = 0; i < count; i++) {
      ids.add(fixtures.deployment(template, 1, "{}"));
    }
    var before = Sample.take(registry);

    var started = System.nanoTime();
    QuarkusTransaction.requiringNew()
        .run(() -> ids.forEach(id -> ReconcileJob.enqueue(id, "create")));
    await()
        .atMost(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> settled(ids) == count);
    var wall = Duration.ofNanos(System.nanoTime() - started);

    var after = Sample.take(registry);
    var report = report(count, concurrency, wall, before, after, running(ids));
    System.out.println(report);
    var reportFile = System.getProperty("bench.report");
    if (reportFile != null && !reportFile.isBlank()) {
      Files.writeString(Path.of(reportFile), report);
    }
    assertThat(running(ids)).isEqualTo((long) count);
  }

  private long settled(List<Long> ids) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                Deployment.count(
                    "id in ?1 and status in ?2",
                    ids,
                    List.of(DeploymentStatus.RUNNING, DeploymentStatus.FAILED)));
  }

  private long running(List<Long> ids) {
    return QuarkusTransaction.requiringNew()
        .call(() -> Deployment.count("id in ?1 and status = ?2", ids, DeploymentStatus.RUNNING));
  }

  /** Counters read before and after the run. */
  private record Sample(
      Map<String, Double> helmSeconds,
      Map<String, Long> helmCalls,
      Map<String, Double> stepSeconds,
      Duration jvmCpu,
      Duration childrenCpu,
      Duration harnessCpu) {

    static Sample take(MeterRegistry registry) throws IOException {
      var helmSeconds = new TreeMap<String, Double>();
      var helmCalls = new TreeMap<String, Long>();
      for (var timer : registry.find(HelmCallTimer.METRIC).timers()) {
        var operation = timer.getId().getTag("operation");
        helmSeconds.put(operation, timer.totalTime(TimeUnit.NANOSECONDS) / 1e9);
        helmCalls.put(operation, timer.count());
      }
      var stepSeconds = new TreeMap<String, Double>();
      for (Timer timer : registry.find(ReconcileMetrics.STEP_TIMER).timers()) {
        stepSeconds.put(timer.getId().getTag("step"), timer.totalTime(TimeUnit.NANOSECONDS) / 1e9);
      }
      // /proc/self/stat fields 16 and 17: CPU of waited-for children, i.e. every helm process
      var stat = Files.readString(Path.of("/proc/self/stat"));
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      var childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      return new Sample(
          helmSeconds,
          helmCalls,
          stepSeconds,
          ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
          Duration.ofMillis(childTicks * 1000 / CLOCK_TICKS_PER_SECOND),
          KubeHarnessProcessResource.harnessProcess
              .info()
              .totalCpuDuration()
              .orElse(Duration.ZERO));
    }
  }

  private static String report(
      int count, int concurrency, Duration wall, Sample before, Sample after, long running) {
    var seconds = wall.toMillis() / 1000.0;
    var out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "deployments: %d (running: %d), concurrency: %d, wall: %.1f s, %.1f deployments/minute%n",
            count,
            running,
            concurrency,
            seconds,
            count * 60 / seconds));
    out.append("\nwall time summed over reconciles, per step (s):\n");
    after.stepSeconds.forEach(
        (step, total) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "  %-10s %9.1f  (%.3f s per deployment)%n",
                    step,
                    total - before.stepSeconds.getOrDefault(step, 0.0),
                    (total - before.stepSeconds.getOrDefault(step, 0.0)) / count)));
    out.append("\nhelm processes, wall time summed (s) and calls:\n");
    after.helmSeconds.forEach(
        (operation, total) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "  %-12s %9.1f  %6d calls%n",
                    operation,
                    total - before.helmSeconds.getOrDefault(operation, 0.0),
                    after.helmCalls.get(operation)
                        - before.helmCalls.getOrDefault(operation, 0L))));
    var helmCpu = after.childrenCpu.minus(before.childrenCpu).toMillis() / 1000.0;
    var harnessCpu = after.harnessCpu.minus(before.harnessCpu).toMillis() / 1000.0;
    var jvmCpu = after.jvmCpu.minus(before.jvmCpu).toMillis() / 1000.0;
    var total = helmCpu + harnessCpu + jvmCpu;
    out.append(
        String.format(
            Locale.ROOT,
            "%nCPU (s): helm %.1f (%.0f%%), harness %.1f (%.0f%%), reconciler JVM %.1f (%.0f%%);"
                + " %.1f of %.1f core-seconds available%n",
            helmCpu,
            100 * helmCpu / total,
            harnessCpu,
            100 * harnessCpu / total,
            jvmCpu,
            100 * jvmCpu / total,
            total,
            seconds * Runtime.getRuntime().availableProcessors()));
    return out.toString();
  }
}
