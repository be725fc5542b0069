package dev.kubedeploy.e2e.chaos;

/** The counts a chaos run measured; every one but the first two must be 0. */
public record ChaosResult(
    int faults,
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
