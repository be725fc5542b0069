package dev.kubedeploy.model.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.CreationTimestamp;

/** An organisation whose users and deployments are kept apart from other tenants'. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

  /** The key of the tenant that migrated rows and auto-provisioned users belong to. */
  public static final String DEFAULT_KEY = "default";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "tenant_key", nullable = false)
  public String tenantKey;

  @Column(nullable = false)
  public String name;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  public static Optional<Tenant> findByKey(String tenantKey) {
    return find("tenantKey", tenantKey).firstResultOptional();
  }
}
