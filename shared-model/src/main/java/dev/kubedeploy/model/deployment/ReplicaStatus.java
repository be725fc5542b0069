package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/** What the cluster reports for one pod of a deployment. */
public enum ReplicaStatus implements PersistentEnum {
  PENDING,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<ReplicaStatus> {
    public JpaConverter() {
      super(ReplicaStatus.class);
    }
  }
}
