package dev.kubedeploy.reconciler.queue;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The queue's periodic table work on every instance that runs the queue: pruning finished jobs,
 * queueing resyncs and counting the depth for the gauge.
 */
@ApplicationScoped
public class QueueHousekeeping {

  private static final Logger LOG = Logger.getLogger(QueueHousekeeping.class);

  private final QueueConfig config;
  private final QueueLifecycle lifecycle;
  private final ResyncScheduler resync;
  private final JobPruner pruner;
  private final QueueDepth depth;

  QueueHousekeeping(
      QueueConfig config, QueueLifecycle lifecycle, ResyncScheduler resync, DataSource dataSource) {
    this.config = config;
    this.lifecycle = lifecycle;
    this.resync = resync;
    this.pruner = new JobPruner(dataSource);
    this.depth = new QueueDepth(dataSource);
  }

  @Scheduled(
      every = "${app.queue.prune.interval}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void prune() {
    if (lifecycle.engine().isEmpty()) {
      return;
    }
    try {
      var deleted = pruner.prune(config.prune().retention(), config.prune().batchSize());
      if (deleted > 0) {
        LOG.debugf("pruned %d finished jobs older than %s", deleted, config.prune().retention());
      }
    } catch (SQLException e) {
      LOG.warnf("pruning finished jobs failed: %s", e.getMessage());
    }
  }

  @Scheduled(
      every = "${app.queue.resync.check-interval}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void resync() {
    if (lifecycle.engine().isEmpty() || !config.resync().enabled()) {
      return;
    }
    try {
      var queued = resync.enqueueDue();
      if (queued > 0) {
        LOG.debugf("queued %d resyncs", queued);
      }
    } catch (RuntimeException e) {
      LOG.warnf("queueing resyncs failed: %s", e.getMessage());
    }
  }

  @Scheduled(
      every = "${app.queue.metrics.depth-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void countDepth() {
    if (lifecycle.engine().isEmpty()) {
      return;
    }
    try {
      lifecycle.metrics().depth(depth.countByStatus());
    } catch (SQLException e) {
      LOG.debugf("counting the queue depth failed: %s", e.getMessage());
    }
  }
}
