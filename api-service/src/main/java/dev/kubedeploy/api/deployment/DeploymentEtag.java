package dev.kubedeploy.api.deployment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The entity tag of a deployment: its generation and the time of its last update. */
final class DeploymentEtag {

  private DeploymentEtag() {}

  /** A strong tag such as {@code "3-lq2k9x1a4"}; timestamps count in microseconds, as stored. */
  static String of(long generation, Instant updatedAt) {
    var micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt);
    return "\"" + generation + "-" + Long.toString(micros, 36) + "\"";
  }

  static String of(DeploymentRead deployment) {
    return of(deployment.generation(), deployment.updatedAt());
  }
}
