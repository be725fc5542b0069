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

/** One pod of a deployment as the reconciler last observed it. */
@Entity
@Table(name = "deployment_replica")
public class DeploymentReplica extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id", nullable = false)
  public Deployment deployment;

  @Column(name = "pod_name", nullable = false)
  public String podName;

  @Column(name = "node_name")
  public String nodeName;

  @Column(name = "container_id")
  public String containerId;

  @Column(nullable = false)
  public ReplicaStatus status;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "stopped_at")
  public Instant stoppedAt;

  @Column(name = "observed_at", nullable = false)
  public Instant observedAt;
}
