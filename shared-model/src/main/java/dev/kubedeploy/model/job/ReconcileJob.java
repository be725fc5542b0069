package dev.kubedeploy.model.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A request to make the cluster match a deployment's desired state. Partial unique indexes keep at
 * most one queued and one running job per deployment; the queue claims and finishes jobs with plain
 * SQL, this mapping is for reading them.
 */
@Entity
@Table(name = "deployment_reconcile_job")
public class ReconcileJob extends PanacheEntityBase {

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

  /** The reconciler instance holding the job while it runs. */
  @Column(name = "locked_by")
  public String lockedBy;

  @Column(name = "locked_at")
  public Instant lockedAt;

  /** A running job whose lease has passed belongs to a dead or hung worker and is taken over. */
  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
