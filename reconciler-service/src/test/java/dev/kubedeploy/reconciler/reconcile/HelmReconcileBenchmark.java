package dev.kubedeploy.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubedeploy.model.deployment.Deployment;
import dev.kubedeploy.model.deployment.DeploymentStatus;
import dev.kubedeploy.model.job.ReconcileJob;
import dev.kubedeploy.reconciler.desired.ReleaseIdentity;
import dev.kubedeploy.reconciler.queue.ResyncScheduler;
import dev.kubedeploy.testsupport.Command;
import dev.kubedeploy.testsupport.HelmBinary;
import dev.kubedeploy.testsupport.MigratedPostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Not a test (its name keeps it out of the build): the reconciler's economics, measured through the
 * real queue, real helm and the Kubernetes harness running as its own process, so that CPU can be
 * told apart. {@code bin/bench-reconcile} runs one method per JVM, with its sizes as system
 * properties:
 *
 * <ul>
 *   <li>{@link #install}: {@code bench.deployments} new deployments of the webapp chart (one ready
 *       replica) at {@code bench.concurrency}; deployments per minute per core, CPU split.
 *   <li>{@link #idle}: as many deployments installed, then resynced every {@code
 *       bench.resync-interval} for {@code bench.minutes}: CPU per idle resync and the reconciler's
 *       share, next to what the helm processes the old path started per resync cost, same run.
 *   <li>{@link #latency}: creates at a steady {@code bench.rate} per second for {@code
 *       bench.minutes}; create to running p50 and p99.
 *   <li>{@link #scale}: {@code bench.deployments} rows (10,000 by default) due for a resync, with
 *       no queue workers: the reconciler's heap after queueing them at a tenth and at the full
 *       count, and how the due times spread over the interval.
 * </ul>
 */
@QuarkusTest
@QuarkusTestResource(MigratedPostgresTestResource.class)
@QuarkusTestResource(value = KubeHarnessProcessResource.class, restrictToAnnotatedClass = true)
class HelmReconcileBenchmark {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Inject Fixtures fixtures;
  @Inject MeterRegistry registry;
  @Inject ResyncScheduler resyncs;

  @ConfigProperty(name = "app.queue.resync.interval", defaultValue = "10m")
  Duration resyncInterval;

  @Test
  void install() throws Exception {
    var count = Integer.getInteger("bench.deployments", 1000);
    var concurrency = Integer.getInteger("bench.concurrency", 10);
    var report =
        new BenchReport("install: " + count + " deployments at concurrency " + concurrency);
    installAll(count, report);
    report.publish();
  }

  @Test
  void idle() throws Exception {
    var count = Integer.getInteger("bench.deployments", 1000);
    var minutes = Integer.getInteger("bench.minutes", 10);
    var report =
        new BenchReport(
            "idle resync: "
                + count
                + " running deployments, resync every "
                + resyncInterval.toSeconds()
                + " s, measured over "
                + minutes
                + " min");
    var ids = installAll(count, report);
    // the installs just reconciled them all: the first resyncs come after one interval
    TimeUnit.MILLISECONDS.sleep(resyncInterval.toMillis());
    var before = BenchCpu.take(registry);
    TimeUnit.MINUTES.sleep(minutes);
    var after = BenchCpu.take(registry);
    var cpu = after.since(before);
    var resynced = after.stepCallsSince(before, "recover");
    var window = minutes * 60.0;
    report
        .row("load average (1, 5, 15 min) at start / end", "%s / %s", before.load(), after.load())
        .row("resyncs in the window", "%d (%.1f per second)", resynced, resynced / window)
        .row("helm processes started in the window", "%d", after.helmCallsSince(before))
        .row(
            "CPU per idle resync (reconciler + harness + helm)",
            "%.1f ms (reconciler %.1f, harness %.1f, helm %.1f)",
            1000 * cpu.total() / resynced,
            1000 * cpu.reconciler() / resynced,
            1000 * cpu.harness() / resynced,
            1000 * cpu.helm() / resynced)
        .row(
            "reconciler JVM CPU share of the machine",
            "%.1f %% of %d cores (harness %.1f %%)",
            100 * cpu.reconciler() / (window * CORES),
            CORES,
            100 * cpu.harness() / (window * CORES));
    oldPathCost(ids, report);
    report.publish();
    assertThat(running(ids)).isEqualTo((long) count);
  }

  @Test
  void latency() throws Exception {
    var rate = Double.parseDouble(System.getProperty("bench.rate", "5"));
    var minutes = Double.parseDouble(System.getProperty("bench.minutes", "2"));
    var count = (int) Math.round(rate * minutes * 60);
    var report =
        new BenchReport(
            "latency: creates at " + rate + " per second for " + minutes + " min (" + count + ")");
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 120));
    var created = new HashMap<Long, Instant>();
    var loadBefore = BenchCpu.loadAverage();
    var period = (long) (1e9 / rate);
    var start = System.nanoTime();
    for (var i = 0; i < count; i++) {
      var slot = start + i * period;
      var wait = slot - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      var id = fixtures.deployment(template, 1, "{}");
      QuarkusTransaction.requiringNew().run(() -> ReconcileJob.enqueue(id, "create"));
      created.put(id, Instant.now());
    }
    var ids = List.copyOf(created.keySet());
    await()
        .atMost(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> settled(ids) == count);
    var latencies =
        runningSince(ids).entrySet().stream()
            .mapToLong(e -> Duration.between(created.get(e.getKey()), e.getValue()).toMillis())
            .sorted()
            .toArray();
    report
        .row("load average at start / end", "%s / %s", loadBefore, BenchCpu.loadAverage())
        .row("running", "%d of %d", latencies.length, count)
        .row(
            "create to running, p50 / p99 / max",
            "%.2f s / %.2f s / %.2f s",
            percentile(latencies, 0.50) / 1000.0,
            percentile(latencies, 0.99) / 1000.0,
            latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0);
    report.publish();
    assertThat(latencies).hasSize(count);
  }

  @Test
  void scale() throws Exception {
    var count = Integer.getInteger("bench.deployments", 10_000);
    var report =
        new BenchReport(
            "scale: "
                + count
                + " deployments due for a resync every "
                + resyncInterval.toSeconds()
                + " s, no queue workers");
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 120));
    var loadBefore = BenchCpu.loadAverage();
    var tenth = count / 10;
    addRunning(template, tenth);
    var heapAtTenth = queueDueResyncs();
    var spreadAtTenth = spread();
    addRunning(template, count - tenth);
    var heapAtFull = queueDueResyncs();
    var spreadAtFull = spread();
    report
        .row("load average at start / end", "%s / %s", loadBefore, BenchCpu.loadAverage())
        .row(
            "reconciler heap used after GC, with " + tenth + " / " + count + " deployments",
            "%.1f MiB / %.1f MiB",
            heapAtTenth / 1048576.0,
            heapAtFull / 1048576.0)
        .row(
            "resyncs queued per tenth of the interval, " + tenth + " deployments (min / max)",
            "%d / %d",
            Arrays.stream(spreadAtTenth).min().orElse(0),
            Arrays.stream(spreadAtTenth).max().orElse(0))
        .row(
            "resyncs queued per tenth of the interval, " + count + " deployments (min / max)",
            "%d / %d",
            Arrays.stream(spreadAtFull).min().orElse(0),
            Arrays.stream(spreadAtFull).max().orElse(0));
    report.publish();
    assertThat(Arrays.stream(spreadAtFull).sum()).isEqualTo(count);
  }

  /** Installs {@code count} deployments through the queue and reports what it took. */
  private List<Long> installAll(int count, BenchReport report) throws Exception {
    var template = fixtures.template(SampleCharts.webapp("0.1.0", 120));
    var ids = new ArrayList<Long>();
    for (var i = 0; i < count; i++) {
      ids.add(fixtures.deployment(template, 1, "{}"));
    }
    var before = BenchCpu.take(registry);
    var started = System.nanoTime();
    QuarkusTransaction.requiringNew()
        .run(() -> ids.forEach(id -> ReconcileJob.enqueue(id, "create")));
    await()
        .atMost(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> settled(ids) == count);
    var seconds = (System.nanoTime() - started) / 1e9;
    var after = BenchCpu.take(registry);
    var cpu = after.since(before);
    var perMinute = count * 60 / seconds;
    report
        .row("load average (1, 5, 15 min) at start / end", "%s / %s", before.load(), after.load())
        .row("installed (running)", "%d of %d", running(ids), count)
        .row("wall", "%.1f s", seconds)
        .row(
            "deployments per minute (per core, %d cores)".formatted(CORES),
            "%.1f (%.1f)",
            perMinute,
            perMinute / CORES)
        .row(
            "CPU: helm / harness / reconciler JVM",
            "%.1f s (%.0f %%) / %.1f s (%.0f %%) / %.1f s (%.0f %%)",
            cpu.helm(),
            100 * cpu.helm() / cpu.total(),
            cpu.harness(),
            100 * cpu.harness() / cpu.total(),
            cpu.reconciler(),
            100 * cpu.reconciler() / cpu.total())
        .row(
            "CPU per deployment, core-seconds used of those the wall offered",
            "%.3f s; %.1f of %.1f",
            cpu.total() / count,
            cpu.total(),
            seconds * CORES);
    after
        .helmCalls()
        .forEach(
            (operation, calls) ->
                report.row(
                    "helm `" + operation + "` processes",
                    "%d (%.3f s wall each)",
                    calls - before.helmCalls().getOrDefault(operation, 0L),
                    (after.helmSeconds().get(operation)
                            - before.helmSeconds().getOrDefault(operation, 0.0))
                        / Math.max(1, calls - before.helmCalls().getOrDefault(operation, 0L))));
    after
        .stepSeconds()
        .forEach(
            (step, total) ->
                report.row(
                    "step `" + step + "`, wall per deployment",
                    "%.3f s",
                    (total - before.stepSeconds().getOrDefault(step, 0.0)) / count));
    return ids;
  }

  /**
   * What the old resync path added per deployment, measured in this run: the {@code helm history}
   * and {@code helm get manifest} processes it started, one deployment after the other.
   */
  private void oldPathCost(List<Long> ids, BenchReport report) throws Exception {
    var sample = ids.subList(0, Math.min(50, ids.size()));
    var helmBefore = BenchCpu.reapedChildrenCpu();
    var harnessBefore = harnessCpu();
    for (var id : sample) {
      var row = fixtures.row(id);
      runHelm("history", row.release(), "--output", "json", "--namespace", row.namespace());
      runHelm("get", "manifest", row.release(), "--namespace", row.namespace());
    }
    var helm = BenchCpu.reapedChildrenCpu().minus(helmBefore).toMillis() / (double) sample.size();
    var harness = harnessCpu().minus(harnessBefore).toMillis() / (double) sample.size();
    report.row(
        "old path's two helm processes per resync (same run, " + sample.size() + " deployments)",
        "%.1f ms CPU (helm %.1f, harness %.1f)",
        helm + harness,
        helm,
        harness);
  }

  private void runHelm(String... args) throws Exception {
    var command = new ArrayList<String>();
    command.add(HelmBinary.configuredOrDefault().toString());
    command.addAll(List.of(args));
    var namespace = command.get(command.indexOf("--namespace") + 1);
    command.addAll(
        List.of(
            "--kube-as-user",
            ReleaseIdentity.username(namespace),
            "--kubeconfig",
            // read when used: an injected value would be required by every test of the module
            ConfigProvider.getConfig().getValue("app.helm.kubeconfig", String.class)));
    var home = Files.createTempDirectory("bench-helm");
    Command.of(command)
        .environment(HelmBinary.homeEnvironment(home))
        .run(Duration.ofMinutes(10))
        .orThrow();
  }

  private static Duration harnessCpu() {
    return KubeHarnessProcessResource.harnessProcess
        .info()
        .totalCpuDuration()
        .orElse(Duration.ZERO);
  }

  /** {@code n} more deployments, running and last reconciled two intervals ago. */
  private void addRunning(long template, int n) {
    for (var batch = 0; batch < n; batch += 500) {
      var size = Math.min(500, n - batch);
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                for (var i = 0; i < size; i++) {
                  fixtures.deployment(template, 1, "{}");
                }
              });
    }
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                Panache.getEntityManager()
                    .createNativeQuery(
                        "UPDATE deployment SET status = 'running',"
                            + " last_reconcile_at = now() - ?1 * interval '2 millisecond'"
                            + " WHERE status = 'pending'")
                    .setParameter(1, resyncInterval.toMillis())
                    .executeUpdate());
  }

  /** Runs the resync check until it queues nothing more; the heap used after a full GC. */
  private long queueDueResyncs() {
    while (resyncs.enqueueDue() > 0) {
      // one check queues at most a batch
    }
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Queued resyncs per tenth of the interval from now. */
  private long[] spread() {
    var buckets = new long[10];
    var now = Instant.now();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                ReconcileJob.<ReconcileJob>list("reason = 'resync' and status = 'queued'")
                    .forEach(
                        job -> {
                          var offset = Duration.between(now, job.runAfter).toMillis();
                          var bucket = (int) (10 * offset / Math.max(1, resyncInterval.toMillis()));
                          buckets[Math.clamp(bucket, 0, 9)]++;
                        }));
    return buckets;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
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

  /** When each running deployment became running. */
  private Map<Long, Instant> runningSince(List<Long> ids) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              var out = new HashMap<Long, Instant>();
              Deployment.<Deployment>list("id in ?1 and status = ?2", ids, DeploymentStatus.RUNNING)
                  .forEach(d -> out.put(d.id, d.statusChangedAt));
              return out;
            });
  }
}
