package dev.kubedeploy.model.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.CreationTimestamp;

/**
 * A chart repository or registry login an admin registered under a name for template versions to
 * reference. The password or token is held only as {@link ChartSourceSecrets} ciphertext.
 */
@Entity
@Table(name = "chart_source")
public class PrivateChartSource extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public ChartSourceAuth auth = ChartSourceAuth.NONE;

  public String username;

  /** The password or token, encrypted with the source's name as associated data. */
  @Column(name = "secret_ciphertext")
  public String secretCiphertext;

  /** PEM certificates the source's TLS certificate must chain to; null for the default CAs. */
  @Column(name = "ca_bundle")
  public String caBundle;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt = Instant.now();

  public static Optional<PrivateChartSource> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  /** Every stored secret ciphertext, to check that the configured keys open them all. */
  public static List<String> storedSecrets() {
    return getEntityManager()
        .createQuery(
            "select s.secretCiphertext from PrivateChartSource s"
                + " where s.secretCiphertext is not null",
            String.class)
        .getResultList();
  }
}
