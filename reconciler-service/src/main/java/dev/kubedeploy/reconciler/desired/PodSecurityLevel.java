package dev.kubedeploy.reconciler.desired;

import java.util.Arrays;
import java.util.Locale;

/**
 * The Pod Security Standard a deployment's namespace enforces, from the template's {@code
 * pod_security_level}: {@code restricted} unless an admin published the template as {@code
 * baseline}. {@code privileged} is never offered: it would let a chart reach the node.
 */
public enum PodSecurityLevel {
  RESTRICTED("restricted"),
  BASELINE("baseline");

  private final String label;

  PodSecurityLevel(String label) {
    this.label = label;
  }

  /** The value of the {@code pod-security.kubernetes.io/*} namespace labels. */
  public String label() {
    return label;
  }

  /** The column's value; null or blank is {@link #RESTRICTED}, anything else unknown is refused. */
  public static PodSecurityLevel of(String column) {
    if (column == null || column.isBlank()) {
      return RESTRICTED;
    }
    var wanted = column.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(level -> level.label.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new DesiredStateException(
                    "pod_security_level must be restricted or baseline, not '" + column + "'"));
  }
}
