package dev.kubedeploy.reconciler.queue;

import dev.kubedeploy.model.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The queue's meters; several instances in one process share them through one registry. */
public final class QueueMetrics {

  static final String PREFIX = "kubedeploy.queue.";

  private final MeterRegistry registry;
  final Counter claimed;
  final Counter succeeded;
  final Counter coalesced;
  final Counter failed;
  final Counter retried;
  final Counter dead;
  final Counter superseded;
  final Counter released;
  final Counter takeovers;
  final Counter leaseLost;
  final Timer claimToFinish;
  final Timer enqueueToStart;
  final DistributionSummary roundSize;
  private final Map<String, AtomicLong> depth = new HashMap<>();

  public QueueMetrics(MeterRegistry registry) {
    this.registry = registry;
    claimed = counter("jobs.claimed", "jobs claimed by this instance");
    succeeded = counter("jobs.succeeded", "jobs done, step run or not");
    coalesced = counter("jobs.coalesced", "jobs done without running the step: nothing newer");
    failed = counter("jobs.failed", "attempts whose step threw");
    retried = counter("jobs.retried", "failed jobs queued again after a backoff");
    dead = counter("jobs.dead", "jobs out of attempts or failed permanently");
    superseded = counter("jobs.superseded", "jobs finished because a newer one was queued");
    released = counter("jobs.released", "jobs given back to the queue at shutdown");
    takeovers = counter("lease.takeovers", "running jobs taken over after their lease expired");
    leaseLost = counter("lease.lost", "results discarded because the lease had been taken over");
    claimToFinish = timer("claim.to.finish", "from a job's claim to its outcome being written");
    enqueueToStart =
        timer(
            "enqueue.to.start",
            "from a job becoming due (queued, or its backoff over) to its claim");
    roundSize =
        DistributionSummary.builder(PREFIX + "round.jobs")
            .description("jobs marked done plus jobs claimed by one round trip of the claim loop")
            .register(registry);
    // Registered up front so that the gauge exists (at 0) before the first count.
    for (var status : JobStatus.values()) {
      var value = new AtomicLong();
      Gauge.builder(PREFIX + "depth", value, AtomicLong::get)
          .description("jobs in the table by status")
          .tag("status", status.value())
          .register(registry);
      depth.put(status.value(), value);
    }
  }

  /** Publishes the number of jobs per status (read from the table by the caller). */
  public void depth(Map<String, Long> countsByStatus) {
    depth.forEach((status, value) -> value.set(countsByStatus.getOrDefault(status, 0L)));
  }

  /** Counts how a job's end was recorded. */
  void count(JobOutcomes.Outcome outcome) {
    switch (outcome) {
      case RETRIED -> retried.increment();
      case DEAD -> dead.increment();
      case SUPERSEDED -> superseded.increment();
      case RELEASED -> released.increment();
      case LEASE_LOST -> leaseLost.increment();
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(PREFIX + name).description(description).register(registry);
  }

  private Timer timer(String name, String description) {
    return Timer.builder(PREFIX + name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
  }
}
