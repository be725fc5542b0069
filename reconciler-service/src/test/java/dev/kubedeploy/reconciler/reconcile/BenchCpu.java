package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.HelmCallTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark reads before and after a phase: CPU of the reconciler JVM, of its reaped
 * children (every helm process, from {@code /proc/self/stat}) and of the harness process, the
 * reconciler's step and helm timers, and the machine's load average.
 */
record BenchCpu(
    Map<String, Double> helmSeconds,
    Map<String, Long> helmCalls,
    Map<String, Double> stepSeconds,
    Map<String, Long> stepCalls,
    Duration jvmCpu,
    Duration childrenCpu,
    Duration harnessCpu,
    String load) {

  private static final long CLOCK_TICKS_PER_SECOND = 100;

  static BenchCpu take(MeterRegistry registry) {
    var helmSeconds = new TreeMap<String, Double>();
    var helmCalls = new TreeMap<String, Long>();
    for (var timer : registry.find(HelmCallTimer.METRIC).timers()) {
      var operation = timer.getId().getTag("operation");
      helmSeconds.put(operation, timer.totalTime(TimeUnit.NANOSECONDS) / 1e9);
      helmCalls.put(operation, timer.count());
    }
    var stepSeconds = new TreeMap<String, Double>();
    var stepCalls = new TreeMap<String, Long>();
    for (Timer timer : registry.find(ReconcileMetrics.STEP_TIMER).timers()) {
      stepSeconds.put(timer.getId().getTag("step"), timer.totalTime(TimeUnit.NANOSECONDS) / 1e9);
      stepCalls.put(timer.getId().getTag("step"), timer.count());
    }
    return new BenchCpu(
        helmSeconds,
        helmCalls,
        stepSeconds,
        stepCalls,
        ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
        reapedChildrenCpu(),
        KubeHarnessProcessResource.harnessProcess.info().totalCpuDuration().orElse(Duration.ZERO),
        loadAverage());
  }

  /** /proc/self/stat fields 16 and 17: CPU of waited-for children, i.e. every helm process. */
  static Duration reapedChildrenCpu() {
    var stat = read("/proc/self/stat");
    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    var ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
  }

  /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
  static String loadAverage() {
    var fields = read("/proc/loadavg").split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CPU seconds each part used between {@code before} and this sample. */
  Split since(BenchCpu before) {
    return new Split(
        seconds(childrenCpu.minus(before.childrenCpu)),
        seconds(harnessCpu.minus(before.harnessCpu)),
        seconds(jvmCpu.minus(before.jvmCpu)));
  }

  long helmCallsSince(BenchCpu before) {
    return helmCalls.values().stream().mapToLong(Long::longValue).sum()
        - before.helmCalls.values().stream().mapToLong(Long::longValue).sum();
  }

  long stepCallsSince(BenchCpu before, String step) {
    return stepCalls.getOrDefault(step, 0L) - before.stepCalls.getOrDefault(step, 0L);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /** CPU seconds of helm processes, the harness and the reconciler JVM. */
  record Split(double helm, double harness, double reconciler) {
    double total() {
      return helm + harness + reconciler;
    }
  }
}
