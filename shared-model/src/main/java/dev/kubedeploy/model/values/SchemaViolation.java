package dev.kubedeploy.model.values;

/**
 * One reason a document fails a JSON Schema.
 *
 * @param pointer JSON pointer (RFC 6901) of the failing value within the validated document
 * @param message what is wrong with it
 */
public record SchemaViolation(String pointer, String message) {

  /** The same violation, located inside the member {@code prefix} of an enclosing document. */
  public SchemaViolation under(String prefix) {
    return new SchemaViolation(prefix + pointer, message);
  }
}
