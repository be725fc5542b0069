package dev.kubedeploy.model.catalog;

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
 * One deployable version of a product: a Helm chart reference with default values, the JSON Schema
 * of the values a user may set, and how long a release may take to become healthy.
 */
@Entity
@Table(name = "product_template_version")
public class ProductTemplateVersion extends PanacheEntityBase {

  /** Health timeout of template versions that do not set one. */
  public static final int DEFAULT_HEALTH_TIMEOUT_SEC = 300;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "product_id", nullable = false)
  public Product product;

  @Column(name = "version_label", nullable = false)
  public String versionLabel;

  @Column(name = "package_type", nullable = false)
  public PackageType packageType = PackageType.HELM_CHART;

  @Column(name = "chart_ref")
  public String chartRef;

  @Column(name = "chart_version")
  public String chartVersion;

  /** {@code sha256:} and 64 hex digits: the published archive's or the OCI manifest's digest. */
  @Column(name = "chart_digest")
  public String chartDigest;

  /** The private chart source whose login reads the chart; null for a public chart. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "chart_source_id")
  public PrivateChartSource chartSource;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "default_values_json", nullable = false)
  public String defaultValuesJson = "{}";

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "values_schema_json")
  public String valuesSchemaJson;

  /** Where the platform puts replicas, resources and the domain name in the chart's values. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "capabilities_json", nullable = false)
  public String capabilitiesJson = "{}";

  @Column(name = "health_timeout_sec", nullable = false)
  public int healthTimeoutSec = DEFAULT_HEALTH_TIMEOUT_SEC;

  /** The Pod Security Standard the namespaces of this version's releases enforce. */
  @Column(name = "pod_security_level", nullable = false)
  public PodSecurityLevel podSecurityLevel = PodSecurityLevel.RESTRICTED;

  /** How many Services of type LoadBalancer one release may create. */
  @Column(name = "max_load_balancers", nullable = false)
  public int maxLoadBalancers;

  /** How many Services of type NodePort one release may create. */
  @Column(name = "max_node_ports", nullable = false)
  public int maxNodePorts;

  /** Only admins may deploy it: a version whose values no schema limits is always admin-only. */
  @Column(name = "admin_only", nullable = false)
  public boolean adminOnly;

  /** Legacy: the image the pre-Helm platform ran; kept so that old clients keep working. */
  @Column(name = "docker_image_url")
  public String dockerImageUrl;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  /** A template version can be deployed only once it names a chart. */
  public boolean hasChart() {
    return chartRef != null && !chartRef.isBlank();
  }
}
