package dev.kubedeploy.e2e.chaos;

import java.util.Set;

/**
 * The counts a chaos run measured; every one but the first three must be 0.
 *
 * @param faults how many faults were injected
 * @param faultKinds the different kinds of fault among them
 */
public record ChaosResult(
    int faults,
    Set<String> faultKinds,
    int deployments,
    int overlapping,
    int diverged,
    int orphanedJobs,
    int falseFailed,
    int leaked,
    int lostWrites) {

  /** The run's last line, in a fixed shape that scripts and CI logs can grep. */
  public String summary() {
    return "chaos: faults %d, deployments %d, overlapping %d, diverged %d, orphaned jobs %d, false failed %d, leaked %d, lost writes %d"
        .formatted(
            faults,
            deployments,
            overlapping,
            diverged,
            orphanedJobs,
            falseFailed,
            leaked,
            lostWrites);
  }
}
