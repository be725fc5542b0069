package dev.kubedeploy.model.values;

import java.util.List;

/** A {@code capabilities_json} that names an unknown fact or a place that is not a values path. */
public class InvalidCapabilitiesException extends RuntimeException {

  private final transient List<SchemaViolation> violations;

  public InvalidCapabilitiesException(List<SchemaViolation> violations) {
    super("not valid capabilities: " + violations);
    this.violations = List.copyOf(violations);
  }

  /** Where (pointers into the capabilities object) and why. */
  public List<SchemaViolation> violations() {
    return violations;
  }
}
