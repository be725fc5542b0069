package dev.kubedeploy.model.values;

import java.util.List;

/** A values schema that is not itself a valid JSON Schema; says where and why. */
public class InvalidSchemaException extends RuntimeException {

  private final transient List<SchemaViolation> violations;

  public InvalidSchemaException(List<SchemaViolation> violations) {
    super("not a valid JSON Schema: " + violations);
    this.violations = List.copyOf(violations);
  }

  public List<SchemaViolation> violations() {
    return violations;
  }
}
