package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/** The two types Kubernetes gives an Event. */
public enum ClusterEventType implements PersistentEnum {
  NORMAL,
  WARNING;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<ClusterEventType> {
    public JpaConverter() {
      super(ClusterEventType.class);
    }
  }
}
