package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * Where a deployment stands: pending, reconciling, then running, stopped or failed; deleting, then
 * deleted.
 */
public enum DeploymentStatus implements PersistentEnum {
  PENDING,
  RECONCILING,
  RUNNING,
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
