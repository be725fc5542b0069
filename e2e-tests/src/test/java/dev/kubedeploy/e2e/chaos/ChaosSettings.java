package dev.kubedeploy.e2e.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How big and how long a chaos run is. {@code CHAOS=short} (what CI runs, under 10 minutes on 2
 * cores) or {@code CHAOS=long} (a soak), from the environment or {@code -Dchaos.mode}; {@code
 * CHAOS_SEED} or {@code -Dchaos.seed} replays a run's choices (a random seed otherwise, printed).
 *
 * @param deployments how many deployments the churn creates in all (re-creations included)
 * @param clients how many clients churn at once
 * @param faultGap the longest quiet time between two faults
 * @param settle the bound on waiting for the platform to settle after healing
 * @param lease the reconcilers' lease; faults meant to outlast it last longer
 * @param retryBudget roughly how long a job's attempts last in all; outages outlast it
 */
public record ChaosSettings(
    String mode,
    long seed,
    int deployments,
    int clients,
    Duration faultGap,
    Duration settle,
    Duration lease,
    Duration retryBudget) {

  public static final int RECONCILERS = 3;

  /**
   * The fewest faults, and kinds of fault, a run must have injected to count: a machine so slow or
   * a churn so quick that the run broke almost nothing proves nothing.
   */
  public static final int MIN_FAULTS = 8;

  public static final int MIN_FAULT_KINDS = 4;

  /** Whether a chaos run was asked for: it is too heavy for every build. */
  public static boolean enabled() {
    var mode = setting("chaos.mode", "CHAOS");
    return mode != null && !mode.isBlank() && !mode.equalsIgnoreCase("off");
  }

  public static ChaosSettings fromEnvironment() {
    var mode = setting("chaos.mode", "CHAOS");
    var seedText = setting("chaos.seed", "CHAOS_SEED");
    var seed =
        seedText == null || seedText.isBlank()
            ? ThreadLocalRandom.current().nextLong(1, 1_000_000)
            : Long.parseLong(seedText.strip());
    var lease = Duration.ofSeconds(6);
    var retryBudget = Duration.ofSeconds(10);
    return switch (mode == null ? "short" : mode.toLowerCase(Locale.ROOT)) {
      case "long" ->
          new ChaosSettings(
              "long",
              seed,
              2000,
              8,
              Duration.ofSeconds(20),
              Duration.ofMinutes(10),
              lease,
              retryBudget);
      default ->
          new ChaosSettings(
              "short",
              seed,
              300,
              10,
              Duration.ofSeconds(12),
              Duration.ofMinutes(3),
              lease,
              retryBudget);
    };
  }

  private static String setting(String property, String variable) {
    var value = System.getProperty(property);
    return value == null || value.isBlank() ? System.getenv(variable) : value;
  }
}
