package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.util.List;

/**
 * What one instance's claim loops are doing, for the health checks: whether they run (started, not
 * stopping, every thread alive) and, per loop, how long ago it last began an iteration.
 *
 * @param running whether the loops were started, are not stopping, and every loop's thread lives
 * @param loops each loop, in start order
 */
public record ClaimLoopsStatus(boolean running, List<Loop> loops) {

  /**
   * One claim loop.
   *
   * @param name the loop's thread name
   * @param sinceIteration how long ago it began its last iteration (a round and its wait), which
   *     ended the one before: an iteration that failed on the database counts as well
   */
  public record Loop(String name, Duration sinceIteration) {}

  /** The loops whose last iteration began longer than {@code threshold} ago. */
  public List<Loop> stalledLongerThan(Duration threshold) {
    if (!running) {
      return List.of();
    }
    return loops.stream().filter(loop -> loop.sinceIteration().compareTo(threshold) > 0).toList();
  }
}
