package dev.kubedeploy.model;

import jakarta.persistence.AttributeConverter;

/** Maps a {@link PersistentEnum} to its stored string; one small subclass per enum. */
public abstract class PersistentEnumConverter<E extends Enum<E> & PersistentEnum>
    implements AttributeConverter<E, String> {

  private final Class<E> type;

  protected PersistentEnumConverter(Class<E> type) {
    this.type = type;
  }

  @Override
  public String convertToDatabaseColumn(E attribute) {
    return attribute == null ? null : attribute.value();
  }

  @Override
  public E convertToEntityAttribute(String dbData) {
    return dbData == null ? null : PersistentEnum.fromValue(type, dbData);
  }
}
