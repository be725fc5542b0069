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
 * that a fleet created at once is not resynced at once. Running, degraded, stopped and failed
 * deployments: a failed one returns to running by itself once a resync succeeds (a resync's own
 * failure never makes a deployment failed). It also repairs the queue: a deployment waiting for
 * work (pending, reconciling, deleting) with no queued or running job gets one, unless its last job
 * is dead (a delete out of attempts waits for its user). Suspended deployments get neither (their
 * changes wait for the resume), except a delete, which suspension does not hold back.
 */
@ApplicationScoped
public class ResyncScheduler {

  /** One instance queues resyncs at a time; the others skip that round. */
  private static final long ADVISORY_LOCK = 0x6b_64_72_65_73_79_6e_63L;

  private static final String DUE =
      """
      SELECT d.id FROM deployment d
       WHERE d.deleted_at IS NULL AND d.status IN ('running', 'degraded', 'stopped', 'failed')
         AND d.suspended_at IS NULL
         AND (d.last_reconcile_at IS NULL
              OR d.last_reconcile_at < now() - ?1 * interval '1 millisecond')
         AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                          WHERE j.deployment_id = d.id AND j.status IN ('queued', 'running'))
       ORDER BY d.last_reconcile_at NULLS FIRST, d.id
       LIMIT ?2
      """;

  /** The reason of a job queued for a deployment that was left waiting without one. */
  static final String REPAIR = "repair";

  private static final String ORPHANED =
      """
      SELECT d.id FROM deployment d
       WHERE d.deleted_at IS NULL AND d.status IN ('pending', 'reconciling', 'deleting')
         AND (d.suspended_at IS NULL OR d.status = 'deleting')
         AND NOT EXISTS (SELECT 1 FROM deployment_reconcile_job j
                          WHERE j.deployment_id = d.id AND j.status IN ('queued', 'running'))
         AND coalesce((SELECT j.status FROM deployment_reconcile_job j
                        WHERE j.deployment_id = d.id ORDER BY j.id DESC LIMIT 1), 'done') <> 'dead'
       ORDER BY d.id
       LIMIT ?1
      """;

  private final QueueConfig config;
  private final RandomGenerator random = RandomGenerator.getDefault();

  ResyncScheduler(QueueConfig config) {
    this.config = config;
  }

  /**
   * Queues a job for each deployment left waiting without one, and the resyncs that are due;
   * returns how many deployments got a job.
   */
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
    @SuppressWarnings("unchecked")
    var orphaned =
        (List<Number>)
            entityManager
                .createNativeQuery(ORPHANED)
                .setParameter(1, config.resync().batchSize())
                .getResultList();
    for (var deploymentId : orphaned) {
      ReconcileJob.enqueue(deploymentId.longValue(), REPAIR);
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
    return orphaned.size() + due.size();
  }
}
