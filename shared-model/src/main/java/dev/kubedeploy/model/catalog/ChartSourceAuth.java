package dev.kubedeploy.model.catalog;

import dev.kubedeploy.model.PersistentEnum;
import dev.kubedeploy.model.PersistentEnumConverter;
import jakarta.persistence.Converter;

/**
 * How a private chart source logs in: not at all (only a CA bundle), with a user name and password,
 * or with a token (a bearer token for chart repositories, a registry token for OCI registries).
 */
public enum ChartSourceAuth implements PersistentEnum {
  NONE,
  BASIC,
  TOKEN;

  /** Stores the enum as its lowercase value. */
  @Converter(autoApply = true)
  public static class JpaConverter extends PersistentEnumConverter<ChartSourceAuth> {
    public JpaConverter() {
      super(ChartSourceAuth.class);
    }
  }
}
