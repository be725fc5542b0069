package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.catalog.ProductTemplateVersion;
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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The desired state of one generation of a deployment, written by the API with the change; the
 * reconciler records its outcome. What a rollback returns to.
 */
@Entity
@Table(name = "deployment_revision")
public class DeploymentRevision extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id", nullable = false, updatable = false)
  public Deployment deployment;

  @Column(nullable = false, updatable = false)
  public long generation;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "template_id", nullable = false, updatable = false)
  public ProductTemplateVersion template;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "user_values_json", updatable = false)
  public String userValuesJson;

  /**
   * The secret values this generation applied, sealed exactly as the deployment held them (bound to
   * its uid), so that a rollback restores them; null when it had none or was recorded before they
   * were kept.
   */
  @Column(name = "secret_values", updatable = false)
  public byte[] secretValues;

  /** The id of the key that sealed {@link #secretValues}; null exactly when they are. */
  @Column(name = "secret_values_key", updatable = false)
  public String secretValuesKey;

  @Column(name = "target_replicas", nullable = false, updatable = false)
  public int targetReplicas;

  @Column(nullable = false, updatable = false)
  public RevisionOperation operation;

  /** What the operation changed in words, such as {@code replicas 2 -> 3}; null when obvious. */
  @Column(updatable = false)
  public String change;

  /** The user whose request made the revision; null for imported ones. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "requested_by", updatable = false)
  public User requestedBy;

  @CreationTimestamp
  @Column(name = "requested_at", nullable = false, updatable = false)
  public Instant requestedAt;

  @Column(nullable = false)
  public RevisionOutcome outcome = RevisionOutcome.PENDING;

  @Column(name = "outcome_at")
  public Instant outcomeAt;

  /** The revision recording the deployment's current desired state as its generation. */
  public static DeploymentRevision of(
      Deployment deployment, RevisionOperation operation, String change, User requestedBy) {
    var revision = new DeploymentRevision();
    revision.deployment = deployment;
    revision.generation = deployment.generation;
    revision.template = deployment.desiredTemplate;
    revision.userValuesJson = deployment.userValuesJson;
    revision.secretValues = deployment.secretValues;
    revision.secretValuesKey = deployment.secretValuesKey;
    revision.targetReplicas = deployment.targetReplicas;
    revision.operation = operation;
    revision.change = change;
    revision.requestedBy = requestedBy;
    return revision;
  }
}
