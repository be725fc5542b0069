package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/** A preview's state: pending until the reconciler renders it, then done or failed. */
public enum PreviewStatus implements PersistentEnum {
  PENDING,
  DONE,
  FAILED;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<PreviewStatus> {
    public JpaConverter() {
      super(PreviewStatus.class);
    }
  }
}
