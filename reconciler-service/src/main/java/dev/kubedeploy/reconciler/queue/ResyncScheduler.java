package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.ReconcileJob;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Queues a resync for live deployments that have not been reconciled for the resync interval, so
 * that drift in the cluster is repaired. Each gets a due time drawn across the next interval, so
 * that a fleet created at once is not resynced at once. Running and stopped deployments only: a
 * failed one waits for its user (invariant 5), pending and deleting ones have a job already.
 */
@ApplicationScoped
public class ResyncScheduler {

  /** One instance queues resyncs at a time; the others skip that round. */
  private static final long ADVISORY_LOCK = 0x6b_64_72_65_73_79_6e_63L;

  private static final String DUE =
      """
      SELECT d.id FROM deployment d
       WHERE d.deleted_at IS NULL AND d.status IN ('running', 'stopped')
         AND (d.last_reconcile_at IS NULL
              OR d.last_reconcile_at < now() - ?1 * interval '1 millisecond')
         AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                          WHERE j.deployment_id = d.id AND j.status IN ('queued', 'running'))
       ORDER BY d.last_reconcile_at NULLS FIRST, d.id
       LIMIT ?2
      """;

  private final QueueConfig config;
  private final RandomGenerator random = RandomGenerator.getDefault();

  ResyncScheduler(QueueConfig config) {
    this.config = config;
  }

  /** Queues the resyncs that are due; returns how many deployments got one. */
  @Transactional
  public int enqueueDue() {
    var entityManager = Panache.getEntityManager();
    var locked =
        (Boolean)
            entityManager
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, ADVISORY_LOCK)
                .getSingleResult();
    if (!locked) {
      return 0;
    }
    var interval = config.resync().interval();
    @SuppressWarnings("unchecked")
    var due =
        (List<Number>)
            entityManager
                .createNativeQuery(DUE)
                .setParameter(1, interval.toMillis())
                .setParameter(2, config.resync().batchSize())
                .getResultList();
    var now = Instant.now();
    for (var deploymentId : due) {
      var spread = random.nextLong(Math.max(1, interval.toMillis()));
      ReconcileJob.enqueueLater(deploymentId.longValue(), JobReason.RESYNC, now.plusMillis(spread));
    }
    return due.size();
  }
}
