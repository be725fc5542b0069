package dev.kubedeploy.reconciler.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Jobs whose step succeeded (or that were up to date when claimed), waiting for the next round of a
 * claim loop to mark them done; their leases are renewed meanwhile.
 */
final class SucceededJobs {

  /** A job whose step succeeded, waiting for the next batch that marks jobs done. */
  record Finished(ClaimedJob job, long claimedNanos) {}

  private final ConcurrentLinkedQueue<Finished> waiting = new ConcurrentLinkedQueue<>();

  void add(ClaimedJob job, long claimedNanos) {
    waiting.add(new Finished(job, claimedNanos));
  }

  /** Takes every waiting job, for one round to mark done. */
  List<Finished> takeAll() {
    var taken = new ArrayList<Finished>();
    for (Finished next; (next = waiting.poll()) != null; ) {
      taken.add(next);
    }
    return taken;
  }

  /** Puts back jobs a round could not mark done (its statement failed). */
  void putBack(Collection<Finished> jobs) {
    waiting.addAll(jobs);
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** The claims of the waiting jobs, whose leases must still be renewed. */
  List<ClaimedJob> claims() {
    return waiting.stream().map(Finished::job).toList();
  }
}
