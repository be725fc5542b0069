package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * Where a deployment stands: pending, reconciling, then running, stopped or failed; deleting, then
 * deleted. A running release whose pods stop being ready is degraded until they are ready again;
 * only the reconciler's health check moves a deployment between the two.
 */
public enum DeploymentStatus implements PersistentEnum {
  PENDING,
  RECONCILING,
  RUNNING,
  DEGRADED,
  STOPPED,
  FAILED,
  DELETING,
  DELETED;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<DeploymentStatus> {
    public JpaConverter() {
      super(DeploymentStatus.class);
    }
  }
}
