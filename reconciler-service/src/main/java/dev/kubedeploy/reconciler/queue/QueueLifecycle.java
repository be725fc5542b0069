package dev.kubedeploy.reconciler.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Starts this instance's queue when the service starts and stops it gracefully on SIGTERM. The
 * queue runs whichever {@link ReconcileStep} bean the application provides; with the queue enabled
 * and no such bean the service refuses to start, since it would look healthy and do nothing.
 */
@ApplicationScoped
public class QueueLifecycle {

  private static final Logger LOG = Logger.getLogger(QueueLifecycle.class);

  private final QueueConfig config;
  private final DataSource dataSource;
  private final Instance<ReconcileStep> steps;
  private final QueueMetrics metrics;
  private final Tracer tracer;
  private volatile QueueEngine engine;

  QueueLifecycle(
      QueueConfig config,
      DataSource dataSource,
      Instance<ReconcileStep> steps,
      MeterRegistry registry,
      Tracer tracer) {
    this.config = config;
    this.dataSource = dataSource;
    this.steps = steps;
    this.metrics = new QueueMetrics(registry);
    this.tracer = tracer;
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("reconcile queue disabled (app.queue.enabled=false): this instance claims no jobs");
      return;
    }
    if (!steps.isResolvable()) {
      throw new IllegalStateException(
          "app.queue.enabled is true but "
              + (steps.isUnsatisfied() ? "no" : "more than one")
              + " ReconcileStep bean is available; provide exactly one or disable the queue");
    }
    var owner = config.instanceName().orElseGet(InstanceName::ofThisProcess);
    engine =
        new QueueEngine(
            dataSource,
            config.settings(owner),
            new RequestScopedStep(steps.get()),
            metrics,
            tracer);
    engine.start();
  }

  void stop(@Observes ShutdownEvent event) {
    var running = engine;
    if (running != null) {
      running.stop(config.shutdown().gracePeriod());
    }
  }

  /** The running engine, if the queue is enabled. */
  public Optional<QueueEngine> engine() {
    return Optional.ofNullable(engine);
  }

  public QueueMetrics metrics() {
    return metrics;
  }
}
