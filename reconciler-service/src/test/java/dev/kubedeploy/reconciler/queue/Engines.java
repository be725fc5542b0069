package dev.kubedeploy.reconciler.queue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Queue instances started by one test and stopped after it, sharing one meter registry. */
final class Engines implements AutoCloseable {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final QueueMetrics metrics = new QueueMetrics(registry);
  private final List<QueueEngine> started = new ArrayList<>();

  QueueEngine start(DataSource dataSource, QueueSettings settings, ReconcileStep step) {
    var engine = new QueueEngine(dataSource, settings, step, metrics);
    engine.start();
    started.add(engine);
    return engine;
  }

  double count(String meter) {
    return registry.get(QueueMetrics.PREFIX + meter).counter().count();
  }

  @Override
  public void close() {
    started.forEach(engine -> engine.stop(Duration.ZERO));
  }
}
