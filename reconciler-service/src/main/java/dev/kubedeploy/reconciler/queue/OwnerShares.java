package dev.kubedeploy.reconciler.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Keeps one owner (a deployment's user) from occupying more than its share of this instance's
 * workers: it counts, in memory, the jobs of each owner this instance runs, and gives every claim
 * the allowance each owner has left. The cap is strict: while one owner's backlog is all that is
 * due, workers beyond its share stay idle, since the promise is that no owner occupies more than
 * its share (the next owner's job then starts at once, without waiting for a worker to come free).
 *
 * <p>Two claim rounds may be in flight at once, and neither knows which owners' jobs the other will
 * return. So a round's allowances are reserved until it returns, and the next round's allowances
 * leave room for everything a round in flight might still claim: the cap holds exactly, at the
 * price of a round sometimes claiming less than it might, which the next round makes up.
 *
 * <p>The cap is per instance: with several instances, one owner may occupy its share of each. A run
 * counts until its worker returns, also after its lease was lost (a step deaf to interrupts): the
 * worker is still occupied.
 */
final class OwnerShares {

  /** How many of this instance's workers one owner may occupy. */
  private final int cap;

  private final boolean capped;
  private final Map<Long, Integer> running = new HashMap<>();
  private final List<OwnerAllowances> inFlight = new ArrayList<>();

  OwnerShares(double maxOwnerShare, int concurrency) {
    this.cap = workersPerOwner(maxOwnerShare, concurrency);
    this.capped = cap < concurrency;
  }

  /**
   * The share of {@code concurrency} workers rounded up, and at least one. A share meant as an
   * exact number of workers (0.3 of 10) must not round up to one more because of the float's error.
   */
  static int workersPerOwner(double maxOwnerShare, int concurrency) {
    var workers = (int) Math.ceil(maxOwnerShare * concurrency - 1e-9);
    return Math.clamp(workers, 1, concurrency);
  }

  /**
   * The allowances for a round that claims up to {@code limit} jobs, reserved until {@link
   * #claimed} or {@link #abandoned}.
   */
  synchronized OwnerAllowances reserve(int limit) {
    if (!capped) {
      return OwnerAllowances.UNLIMITED;
    }
    var owners = new HashSet<>(running.keySet());
    inFlight.forEach(round -> owners.addAll(round.perOwner().keySet()));
    var perOwner = new HashMap<Long, Integer>();
    for (var owner : owners) {
      var left = cap - running.getOrDefault(owner, 0);
      for (var round : inFlight) {
        left -= round.of(owner);
      }
      perOwner.put(owner, Math.clamp(left, 0, limit));
    }
    var others = cap;
    for (var round : inFlight) {
      others -= round.others();
    }
    var allowances = new OwnerAllowances(perOwner, Math.clamp(others, 0, limit));
    inFlight.add(allowances);
    return allowances;
  }

  /** The round that held {@code allowances} returned: {@code started} now run on workers. */
  synchronized void claimed(OwnerAllowances allowances, Collection<ClaimedJob> started) {
    if (!capped) {
      return;
    }
    inFlight.remove(allowances);
    for (var job : started) {
      running.merge(job.ownerId(), 1, Integer::sum);
    }
  }

  /** The round that held {@code allowances} failed and claimed nothing. */
  synchronized void abandoned(OwnerAllowances allowances) {
    inFlight.remove(allowances);
  }

  /** A worker is done with {@code job}, whatever its outcome. */
  synchronized void finished(ClaimedJob job) {
    if (capped) {
      running.computeIfPresent(job.ownerId(), (owner, count) -> count > 1 ? count - 1 : null);
    }
  }
}
