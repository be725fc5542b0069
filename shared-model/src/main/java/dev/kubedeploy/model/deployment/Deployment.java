package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.catalog.ProductTemplateVersion;
import dev.kubedeploy.model.identity.Tenant;
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
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

/**
 * A user's installation of a template version: desired state written by the API, observed state
 * written by the reconciler. Updates write only the changed columns, so that the two writers do not
 * overwrite each other's fields.
 */
@Entity
@Table(name = "deployment")
@DynamicUpdate
public class Deployment extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "tenant_id", nullable = false)
  public Tenant tenant;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  public User user;

  @Column(nullable = false)
  public String name;

  /** The host name users reach the deployment on; mutable, never part of its identity. */
  public String domainname;

  /** Legacy: the template the deployment was created from, kept for old readers. */
  @Column(name = "template_id", nullable = false)
  public Long templateId;

  /**
   * Immutable DNS label that names the namespace and the Helm release; see {@link DeploymentUid}.
   */
  @Column(name = "deployment_uid", nullable = false, updatable = false)
  public String deploymentUid;

  @Column(name = "namespace_name", nullable = false, updatable = false)
  public String namespaceName;

  @Column(name = "release_name", nullable = false, updatable = false)
  public String releaseName;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "desired_template_id", nullable = false)
  public ProductTemplateVersion desiredTemplate;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "applied_template_id")
  public ProductTemplateVersion appliedTemplate;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "user_values_json")
  public String userValuesJson;

  /**
   * The values the template's schema marks secret, sealed by {@code SecretKeyRing}; {@code
   * user_values_json} holds {@code "***"} in their place. Null when there are none.
   */
  @Column(name = "secret_values")
  public byte[] secretValues;

  /** The id of the key that sealed {@link #secretValues}; null exactly when they are. */
  @Column(name = "secret_values_key")
  public String secretValuesKey;

  @Column(name = "target_replicas", nullable = false)
  public int targetReplicas = 1;

  @Column(nullable = false)
  public DeploymentStatus status = DeploymentStatus.PENDING;

  /** Grows with every desired change. */
  @Column(nullable = false)
  public long generation = 1;

  /** The generation the cluster has, or null before the first successful reconcile. */
  @Column(name = "applied_generation")
  public Long appliedGeneration;

  @Column(name = "last_error")
  public String lastError;

  /**
   * A stable code for why the status is what it is ({@code CrashLoopBackOff}, {@code
   * UpgradeFailed}); null when there is nothing to explain.
   */
  @Column(name = "status_reason")
  public String statusReason;

  /** The words behind {@link #statusReason}, Helm's or Kubernetes' own, bounded. */
  @Column(name = "status_message")
  public String statusMessage;

  @Column(name = "status_changed_at")
  public Instant statusChangedAt;

  /** The generation the reconciler worked on when it last set the status. */
  @Column(name = "observed_generation")
  public Long observedGeneration;

  @Column(name = "last_reconcile_at")
  public Instant lastReconcileAt;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @UpdateTimestamp
  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Set when the deployment is deleted; the row stays for history. */
  @Column(name = "deleted_at")
  public Instant deletedAt;

  /**
   * Set while the deployment is suspended: the reconciler neither applies nor corrects it; desired
   * changes are stored and applied at resume.
   */
  @Column(name = "suspended_at")
  public Instant suspendedAt;

  public static Optional<Deployment> findByUid(String deploymentUid) {
    return find("deploymentUid", deploymentUid).firstResultOptional();
  }

  /** The ids of the keys that sealed some deployment's secret values. */
  public static List<String> secretKeyIdsInUse() {
    return getEntityManager()
        .createQuery(
            "select distinct d.secretValuesKey from Deployment d where d.secretValuesKey is not null",
            String.class)
        .getResultList();
  }

  public boolean isDeleted() {
    return deletedAt != null;
  }

  public boolean isSuspended() {
    return suspendedAt != null;
  }
}
