package dev.kubedeploy.model.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

/**
 * A request to make the cluster match a deployment's desired state. Partial unique indexes keep at
 * most one queued and one running job per deployment; the queue claims and finishes jobs with plain
 * SQL, this mapping is for reading them.
 */
@Entity
@Table(name = "deployment_reconcile_job")
public class ReconcileJob extends PanacheEntityBase {

  /** The channel the reconciler LISTENs on; the payload is the deployment id. */
  public static final String NOTIFY_CHANNEL = "kubedeploy_reconcile";

  /** The W3C trace context field (and header) naming the trace and the span that queued a job. */
  public static final String TRACEPARENT = "traceparent";

  /** The W3C trace context field carrying vendors' own trace state beside {@link #TRACEPARENT}. */
  public static final String TRACESTATE = "tracestate";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "deployment_id", nullable = false)
  public Long deploymentId;

  @Column(nullable = false)
  public String reason;

  @Column(nullable = false)
  public JobStatus status = JobStatus.QUEUED;

  @Column(name = "run_after", nullable = false)
  public Instant runAfter;

  /** How many times the job has failed so far. */
  @Column(nullable = false)
  public int attempt;

  /** How many attempts the job gets in all, written by the reconciler when it retries. */
  @Column(name = "max_attempts")
  public Integer maxAttempts;

  /** The reconciler instance holding the job while it runs. */
  @Column(name = "locked_by")
  public String lockedBy;

  @Column(name = "locked_at")
  public Instant lockedAt;

  /** A running job whose lease has passed belongs to a dead or hung worker and is taken over. */
  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  /**
   * How many times its lease expired and another instance took it over (no failed attempts): a job
   * that loses its worker too often is finished as dead instead of being claimed again.
   */
  @Column(nullable = false)
  public int takeovers;

  @Column(name = "last_error")
  public String lastError;

  /**
   * The number of the claim that runs the job now: every claim takes a new one, and the lease is
   * held by (job, epoch), so that a stale run of the same job never passes for the current one.
   */
  @Column(name = "claim_epoch")
  public Long claimEpoch;

  /** The deployment's generation when the job was last asked for (null on jobs older than it). */
  @Column(name = "requested_generation")
  public Long requestedGeneration;

  /**
   * The W3C traceparent of the request that queued the job, or null when it was not traced: the
   * reconcile joins that trace, or starts one of its own.
   */
  @Column(name = "trace_parent")
  public String traceParent;

  /** The W3C tracestate that came with {@link #traceParent}, when there was one. */
  @Column(name = "trace_state")
  public String traceState;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /**
   * Queues a reconcile of the deployment in the caller's transaction (invariant 1) and notifies the
   * reconciler on commit. The job records the deployment's generation as the caller's transaction
   * sees it (the caller flushed its change). A job already queued for the deployment absorbs the
   * request (invariant 2): a newer generation makes it due now with its attempts afresh, since a
   * changed desired state may fix what failed; a request without a change (a resync or retry asked
   * for through the API) makes a waiting job due now but leaves a running backoff alone, so that
   * asking again cannot turn the backoff into a hot loop. The newest request names the job (its
   * reason sets the claim's priority: only {@code resync} waits behind other requests) and, when it
   * was traced, its trace.
   *
   * @param traceContext the caller's W3C trace context ({@link #TRACEPARENT}, {@link #TRACESTATE}),
   *     empty when the caller is not traced
   */
  public static void enqueue(long deploymentId, String reason, Map<String, String> traceContext) {
    var entityManager = getEntityManager();
    entityManager.flush();
    entityManager
        .createNativeQuery(
            """
            INSERT INTO deployment_reconcile_job
              (deployment_id, reason, requested_generation, trace_parent, trace_state)
            SELECT d.id, ?2, d.generation, ?3, ?4 FROM deployment d WHERE d.id = ?1
            ON CONFLICT (deployment_id) WHERE status = 'queued' DO UPDATE
               SET reason = EXCLUDED.reason,
                   trace_parent = coalesce(EXCLUDED.trace_parent,
                                           deployment_reconcile_job.trace_parent),
                   trace_state = CASE WHEN EXCLUDED.trace_parent IS NULL
                                      THEN deployment_reconcile_job.trace_state
                                      ELSE EXCLUDED.trace_state END,
                   requested_generation = greatest(deployment_reconcile_job.requested_generation,
                                                   EXCLUDED.requested_generation),
                   run_after = CASE
                     WHEN EXCLUDED.requested_generation
                            > coalesce(deployment_reconcile_job.requested_generation, -1)
                       OR deployment_reconcile_job.attempt = 0
                     THEN least(deployment_reconcile_job.run_after, now())
                     ELSE deployment_reconcile_job.run_after END,
                   attempt = CASE
                     WHEN EXCLUDED.requested_generation
                            > coalesce(deployment_reconcile_job.requested_generation, -1)
                     THEN 0 ELSE deployment_reconcile_job.attempt END,
                   last_error = CASE
                     WHEN EXCLUDED.requested_generation
                            > coalesce(deployment_reconcile_job.requested_generation, -1)
                     THEN NULL ELSE deployment_reconcile_job.last_error END,
                   updated_at = now()
            """)
        .setParameter(1, deploymentId)
        .setParameter(2, reason)
        .setParameter(3, text(traceContext.get(TRACEPARENT)))
        .setParameter(4, text(traceContext.get(TRACESTATE)))
        .executeUpdate();
    // NOTIFY inside the transaction: PostgreSQL delivers it only if the transaction commits.
    entityManager
        .createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, NOTIFY_CHANNEL)
        .setParameter(2, Long.toString(deploymentId))
        .getSingleResult();
  }

  /** A text parameter that may be null: untyped, Hibernate would bind a null of another type. */
  private static TypedParameterValue<String> text(String value) {
    return new TypedParameterValue<>(StandardBasicTypes.STRING, value);
  }

  /** Queues a reconcile asked for outside any trace (see the traced one). */
  public static void enqueue(long deploymentId, String reason) {
    enqueue(deploymentId, reason, Map.of());
  }

  /**
   * Queues a reconcile due at {@code runAfter} unless a job is already queued for the deployment,
   * which covers it: the reconciler's periodic resync, spread over time, that must neither delay
   * nor rename a request already waiting. No notification: the job is not due yet, and the
   * reconciler's poll finds it when it is.
   */
  public static void enqueueLater(long deploymentId, String reason, Instant runAfter) {
    getEntityManager()
        .createNativeQuery(
            """
            INSERT INTO deployment_reconcile_job
              (deployment_id, reason, run_after, requested_generation)
            SELECT d.id, ?2, ?3, d.generation FROM deployment d WHERE d.id = ?1
            ON CONFLICT (deployment_id) WHERE status = 'queued' DO NOTHING
            """)
        .setParameter(1, deploymentId)
        .setParameter(2, reason)
        .setParameter(3, OffsetDateTime.ofInstant(runAfter, ZoneOffset.UTC))
        .executeUpdate();
  }
}
