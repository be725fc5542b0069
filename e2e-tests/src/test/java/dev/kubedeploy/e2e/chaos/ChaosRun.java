package dev.kubedeploy.e2e.chaos;

import static org.awaitility.Awaitility.await;

import dev.kubedeploy.e2e.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One chaos run from start to report: start the platform, churn while faults are injected, heal,
 * wait (bounded) for the platform to settle, then count each invariant's violations and print one
 * line per invariant and the summary line.
 */
public final class ChaosRun {

  private static final Duration FEWEST_FAULTS_BOUND = Duration.ofMinutes(3);

  private ChaosRun() {}

  public static ChaosResult run(ChaosSettings settings, Path work) throws Exception {
    var start = Instant.now();
    System.out.printf(
        "chaos: mode %s, seed %d (replay with --seed %d), %d deployments%n",
        settings.mode(), settings.seed(), settings.seed(), settings.deployments());
    try (var platform = ChaosPlatform.start(settings, work)) {
      log(start, "platform up");
      var admin = new ApiClient(platform.apiUrl, Platform.mintToken(work, ChaosPlatform.ADMIN));
      var catalog = Catalog.publish(admin);
      var churn = new Churn(admin, catalog, settings);
      var faults = new FaultInjector(platform, settings, churn::alive);

      faults.start();
      churn.run();
      awaitFewestFaults(faults);
      faults.stop();
      log(
          start,
          "churn done: "
              + churn.created.size()
              + " deployments, "
              + churn.writes()
              + " acknowledged writes, "
              + faults.injected()
              + " faults");

      platform.heal();
      log(
          start,
          settle(platform, settings)
              ? "settled"
              : "did not settle within " + settings.settle() + "; measuring anyway");

      var invariants = new Invariants(platform, admin, catalog);
      var deployments = invariants.readAll();
      var counts =
          new Invariants.Count[] {
            invariants.overlapping(),
            invariants.diverged(deployments),
            invariants.orphanedJobs(),
            invariants.falseFailed(deployments),
            invariants.leaked(deployments),
            invariants.lostWrites(churn.created, deployments)
          };
      var journal = platform.cluster.releaseWrites();
      var writers = journal.writes().stream().map(w -> w.writer()).distinct().sorted().toList();
      System.out.printf(
          "chaos: release writes journaled %d (dropped %d) by %s%n",
          journal.writes().size(), journal.dropped(), writers);
      // the journal with the logs, to follow an overlap write by write
      Files.write(
          work.resolve("release-writes.csv"),
          journal.writes().stream()
              .map(
                  w ->
                      String.join(
                          ",",
                          Long.toString(w.sequence()),
                          w.at().toString(),
                          w.writer(),
                          w.namespace(),
                          w.release(),
                          Integer.toString(w.version()),
                          w.kind().toString(),
                          String.valueOf(w.status())))
              .toList());
      System.out.printf(
          "chaos: fault kinds %d %s%n",
          faults.kinds().size(), faults.kinds().stream().sorted().toList());
      for (var count : counts) {
        System.out.println(count.line());
      }
      var result =
          new ChaosResult(
              faults.injected(),
              faults.kinds(),
              churn.created.size(),
              counts[0].count(),
              counts[1].count(),
              counts[2].count(),
              counts[3].count(),
              counts[4].count(),
              counts[5].count());
      log(start, "seed " + settings.seed() + ", logs in " + work);
      System.out.println(result.summary());
      return result;
    }
  }

  /**
   * Waits until no deployment short of its desired state has a job still working on it, twice in a
   * row; past the bound the invariants are measured anyway, and report what did not settle.
   */
  /**
   * A churn that ended early (a fast machine, a lucky seed) leaves the injector running on the live
   * platform until the run has its fewest faults, so that the minimum is a property of the run, not
   * of the machine's speed. Bounded: a run that still falls short fails its check.
   */
  private static void awaitFewestFaults(FaultInjector faults) {
    try {
      await("the fewest faults a run must inject")
          .atMost(FEWEST_FAULTS_BOUND)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  faults.injected() >= ChaosSettings.MIN_FAULTS
                      && faults.kinds().size() >= ChaosSettings.MIN_FAULT_KINDS);
    } catch (ConditionTimeoutException e) {
      // the test's check of the counts says what is missing
    }
  }

  private static boolean settle(ChaosPlatform platform, ChaosSettings settings) {
    var quietPolls = new AtomicInteger();
    try {
      await("the platform to settle")
          .atMost(settings.settle())
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () -> {
                if (Invariants.moving(platform.database) > 0) {
                  quietPolls.set(0);
                  return false;
                }
                return quietPolls.incrementAndGet() >= 2;
              });
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static void log(Instant start, String message) {
    System.out.printf(
        "chaos: %ds %s%n", Duration.between(start, Instant.now()).toSeconds(), message);
  }
}
