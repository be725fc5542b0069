package dev.kubedeploy.model.identity;

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
import java.util.Optional;
import org.hibernate.annotations.CreationTimestamp;

/** A person or robot calling the API; {@code isAdmin} is the only authorization flag. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "tenant_id", nullable = false)
  public Tenant tenant;

  /** The JWT {@code sub} claim that identifies this user. */
  @Column(nullable = false)
  public String subject;

  @Column(nullable = false)
  public String username;

  @Column(nullable = false)
  public String email;

  @Column(name = "is_admin", nullable = false)
  public boolean isAdmin;

  /** A disabled user's tokens are refused (403); its deployments stay as they are. */
  @Column(nullable = false)
  public boolean disabled;

  @CreationTimestamp
  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  public static Optional<User> findBySubject(String subject) {
    return find("subject", subject).firstResultOptional();
  }
}
