package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.identity.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.Immutable;

/** One status change of a deployment; never updated (a database trigger refuses updates too). */
@Entity
@Immutable
@Table(name = "deployment_status_history")
public class DeploymentStatusHistory extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id", nullable = false)
  public Deployment deployment;

  @Column(name = "old_status")
  public DeploymentStatus oldStatus;

  @Column(name = "new_status", nullable = false)
  public DeploymentStatus newStatus;

  /** The user whose request caused the change; null for the platform's own changes. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "changed_by")
  public User changedBy;

  public String reason;

  @CreationTimestamp
  @Column(name = "changed_at", nullable = false, updatable = false)
  public Instant changedAt;

  /** Builds the history row for a change from {@code from} to {@code to}. */
  public static DeploymentStatusHistory of(
      Deployment deployment,
      DeploymentStatus from,
      DeploymentStatus to,
      User changedBy,
      String reason) {
    var row = new DeploymentStatusHistory();
    row.deployment = deployment;
    row.oldStatus = from;
    row.newStatus = to;
    row.changedBy = changedBy;
    row.reason = reason;
    return row;
  }
}
