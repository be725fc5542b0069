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
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A request to render what a change would make of a deployment and diff it against what the cluster
 * has, without applying it: the API writes the desired state the change would produce, the
 * reconciler claims the row and writes the result or the error.
 */
@Entity
@Table(name = "deployment_preview")
public class DeploymentPreview extends PanacheEntityBase {

  /** The channel the reconciler LISTENs on for new previews; the payload is the preview id. */
  public static final String NOTIFY_CHANNEL = "kubedeploy_preview";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id", nullable = false, updatable = false)
  public Deployment deployment;

  /** The deployment's generation the change was judged against. */
  @Column(name = "base_generation", nullable = false, updatable = false)
  public long baseGeneration;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "template_id", nullable = false, updatable = false)
  public ProductTemplateVersion template;

  @Column(updatable = false)
  public String domainname;

  /** The user values the change would store: {@code "***"} at each secret field. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "user_values_json", updatable = false)
  public String userValuesJson;

  /** The secret values the change would store, sealed as a deployment's are; null when none. */
  @Column(name = "secret_values", updatable = false)
  public byte[] secretValues;

  @Column(name = "secret_values_key", updatable = false)
  public String secretValuesKey;

  @Column(name = "target_replicas", nullable = false, updatable = false)
  public int targetReplicas;

  @Column(name = "cpu_cores", nullable = false, updatable = false, precision = 6, scale = 3)
  public BigDecimal cpuCores;

  @Column(name = "memory_mb", nullable = false, updatable = false)
  public int memoryMb;

  @Column(name = "gpu_units", nullable = false, updatable = false)
  public int gpuUnits;

  @Column(name = "storage_gb", nullable = false, updatable = false)
  public int storageGb;

  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "requested_by", updatable = false)
  public User requestedBy;

  @Column(nullable = false)
  public PreviewStatus status = PreviewStatus.PENDING;

  /** The changed objects as JSON, written by the reconciler when the preview is done. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "result_json")
  public String resultJson;

  /** Why the preview failed, in Helm's or the platform's words. */
  public String error;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  /** Persists the row and tells the reconciler on commit (PostgreSQL drops it on rollback). */
  public void request() {
    persist();
    var entityManager = getEntityManager();
    entityManager.flush();
    entityManager
        .createNativeQuery("SELECT pg_notify(?1, ?2)")
        .setParameter(1, NOTIFY_CHANNEL)
        .setParameter(2, Long.toString(id))
        .getSingleResult();
  }
}
