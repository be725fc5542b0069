package dev.kubedeploy.model;

import java.util.Locale;

/**
 * An enum stored as a lowercase string (underscores become hyphens), the form its CHECK constraint
 * allows and the API shows.
 */
public interface PersistentEnum {

  /** Implemented by every enum constant. */
  String name();

  /** The value as stored in the database and shown in the API. */
  default String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Finds the constant of {@code type} whose stored value is {@code value}. */
  static <E extends Enum<E> & PersistentEnum> E fromValue(Class<E> type, String value) {
    for (var constant : type.getEnumConstants()) {
      if (constant.value().equals(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not a valid " + type.getSimpleName() + " value");
  }
}
