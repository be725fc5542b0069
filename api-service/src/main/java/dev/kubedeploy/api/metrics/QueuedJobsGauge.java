package dev.kubedeploy.api.metrics;

import dev.kubedeploy.model.job.JobStatus;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * {@code kubedeploy_reconcile_jobs_queued}: reconcile jobs waiting to be claimed. The count uses
 * the partial index of queued jobs and is reused for {@code app.metrics.queued-jobs.max-age}, so
 * that frequent scrapes do not load the database.
 */
@Startup
@ApplicationScoped
public class QueuedJobsGauge {

  private static final Logger LOG = Logger.getLogger(QueuedJobsGauge.class);

  private final AgroalDataSource dataSource;
  private final MetricsConfig config;
  private final Clock clock = Clock.systemUTC();
  private Instant countedAt = Instant.MIN;
  private double lastCount = Double.NaN;

  QueuedJobsGauge(AgroalDataSource dataSource, MetricsConfig config, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.config = config;
    Gauge.builder("kubedeploy.reconcile.jobs.queued", this, QueuedJobsGauge::value)
        .description("Reconcile jobs waiting to be claimed")
        .register(registry);
  }

  synchronized double value() {
    var now = clock.instant();
    if (countedAt.plus(config.queuedJobs().maxAge()).isAfter(now)) {
      return lastCount;
    }
    try (var connection = dataSource.getConnection();
        var statement =
            connection.prepareStatement(
                "SELECT count(*) FROM deployment_reconcile_job WHERE status = ?")) {
      statement.setString(1, JobStatus.QUEUED.value());
      try (var result = statement.executeQuery()) {
        result.next();
        lastCount = result.getLong(1);
      }
    } catch (SQLException e) {
      LOG.debugf("cannot count queued jobs: %s", e.getMessage());
      lastCount = Double.NaN;
    }
    countedAt = now;
    return lastCount;
  }
}
