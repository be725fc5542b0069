package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * The request that made a revision; {@code imported} marks the state a deployment had when
 * revisions began to be recorded.
 */
public enum RevisionOperation implements PersistentEnum {
  IMPORTED,
  CREATE,
  UPDATE,
  UPGRADE,
  SCALE,
  RESIZE,
  ROLLBACK;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<RevisionOperation> {
    public JpaConverter() {
      super(RevisionOperation.class);
    }
  }
}
