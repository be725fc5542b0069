package dev.kubedeploy.reconciler.reconcile;

import dev.kubedeploy.reconciler.helm.HelmCallTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How many helm processes the reconciler has started: {@code HelmCli} times every process it runs,
 * whatever its outcome, so the timers' counts are the processes.
 */
final class HelmProcesses {

  private HelmProcesses() {}

  static long started(MeterRegistry registry) {
    return registry.find(HelmCallTimer.METRIC).timers().stream().mapToLong(Timer::count).sum();
  }

  static long started(MeterRegistry registry, String operation) {
    return registry.find(HelmCallTimer.METRIC).tag("operation", operation).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
