package dev.kubedeploy.model.catalog;

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

/** A piece of software an admin publishes; users deploy its template versions. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String slug;

  @Column(nullable = false)
  public String name;

  public String description;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  public static Optional<Product> findBySlug(String slug) {
    return find("slug", slug).firstResultOptional();
  }
}
