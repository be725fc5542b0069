package dev.kubedeploy.reconciler.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** Meters of the reconcile step: time per step, drift corrected, stuck releases recovered. */
@ApplicationScoped
public class ReconcileMetrics {

  public static final String STEP_TIMER = "kubedeploy.reconcile.step";
  public static final String DRIFT_COUNTER = "kubedeploy.reconcile.drift.corrected";
  public static final String RECOVERY_COUNTER = "kubedeploy.reconcile.stuck.recovered";

  private final MeterRegistry registry;

  ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  Timer step(String step) {
    return Timer.builder(STEP_TIMER)
        .description("Wall time of each step of a reconcile")
        .tag("step", step)
        .register(registry);
  }

  void driftCorrected() {
    Counter.builder(DRIFT_COUNTER)
        .description("Reconciles that found and corrected objects changed outside the platform")
        .register(registry)
        .increment();
  }

  void stuckReleaseRecovered() {
    Counter.builder(RECOVERY_COUNTER)
        .description("Releases found stuck in a pending-* state and rolled back or uninstalled")
        .register(registry)
        .increment();
  }
}
