package dev.kubedeploy.reconciler.helm;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Records how long each kind of helm call takes ({@code kubedeploy_helm_call_seconds}). */
@ApplicationScoped
public class HelmCallTimer {

  public static final String METRIC = "kubedeploy.helm.call";

  private final MeterRegistry registry;

  HelmCallTimer(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String operation, Duration elapsed) {
    Timer.builder(METRIC)
        .description("Wall time of helm child processes")
        .tag("operation", operation)
        .register(registry)
        .record(elapsed);
  }
}
