package dev.kubedeploy.model.deployment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The compute a deployment asks for; its namespace's ResourceQuota is derived from it. */
@Entity
@Table(name = "deployment_resource")
public class DeploymentResource extends PanacheEntityBase {

  @Id
  @Column(name = "deployment_id")
  public Long deploymentId;

  @MapsId
  @OneToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "deployment_id")
  public Deployment deployment;

  @Column(name = "cpu_cores", nullable = false, precision = 6, scale = 3)
  public BigDecimal cpuCores;

  @Column(name = "memory_mb", nullable = false)
  public int memoryMb;

  @Column(name = "gpu_units", nullable = false)
  public int gpuUnits;

  @Column(name = "storage_gb", nullable = false)
  public int storageGb;
}
