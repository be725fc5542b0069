package dev.kubedeploy.model.catalog;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * The Kubernetes Pod Security Standard a template version's namespaces enforce; {@code privileged}
 * is deliberately not offered.
 */
public enum PodSecurityLevel implements PersistentEnum {
  RESTRICTED,
  BASELINE;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<PodSecurityLevel> {
    public JpaConverter() {
      super(PodSecurityLevel.class);
    }
  }
}
