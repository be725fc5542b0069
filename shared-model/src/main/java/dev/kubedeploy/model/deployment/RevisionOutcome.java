package dev.kubedeploy.model.deployment;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * What became of a revision: pending until the reconciler applies it, fails at it, or applies a
 * newer generation first (superseded).
 */
public enum RevisionOutcome implements PersistentEnum {
  PENDING,
  APPLIED,
  FAILED,
  SUPERSEDED;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<RevisionOutcome> {
    public JpaConverter() {
      super(RevisionOutcome.class);
    }
  }
}
