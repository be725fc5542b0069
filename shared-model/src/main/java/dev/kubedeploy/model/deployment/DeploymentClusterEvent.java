package dev.kubedeploy.model.deployment;

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

/**
 * A Kubernetes Event of a deployment's namespace, mirrored by the reconciler (one row per Event
 * uid, its newest count and last occurrence), so that the API can show the cluster's events without
 * cluster access.
 */
@Entity
@Table(name = "deployment_cluster_event")
public class DeploymentClusterEvent extends PanacheEntityBase {

  /** What {@code message} holds at most (the API server's own limit for an Event's message). */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id", nullable = false, updatable = false)
  public Deployment deployment;

  @Column(name = "event_uid", nullable = false, updatable = false)
  public String eventUid;

  @Column(nullable = false)
  public ClusterEventType type;

  @Column(nullable = false)
  public String reason;

  @Column(nullable = false)
  public String message;

  @Column(name = "involved_kind", nullable = false)
  public String involvedKind;

  @Column(name = "involved_name", nullable = false)
  public String involvedName;

  @Column(nullable = false)
  public int count;

  @Column(name = "first_seen", nullable = false)
  public Instant firstSeen;

  @Column(name = "last_seen", nullable = false)
  public Instant lastSeen;
}
