package dev.kubedeploy.model.catalog;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/** How a template version is packaged; Helm charts are the only kind the platform deploys. */
public enum PackageType implements PersistentEnum {
  HELM_CHART;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<PackageType> {
    public JpaConverter() {
      super(PackageType.class);
    }
  }
}
