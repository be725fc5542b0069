package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.util.List;

/**
 * What one instance's claim loops are doing, for the health checks: whether they should run
 * (started, not stopping) and, per loop, whether its thread lives and how long ago it last began an
 * iteration.
 *
 * @param active whether the loops were started and are not stopping
 * @param loops each loop, in start order
 */
public record ClaimLoopsStatus(boolean active, List<Loop> loops) {

  /**
   * One claim loop.
   *
   * @param name the loop's thread name
   * @param alive whether its thread lives (one that died of an unexpected error does not)
   * @param sinceIteration how long ago it began its last iteration (a round and its wait), which
   *     ended the one before: an iteration that failed on the database counts as well
   */
  public record Loop(String name, boolean alive, Duration sinceIteration) {}

  /** Whether the loops are active and every loop's thread lives. */
  public boolean running() {
    return active && loops.stream().allMatch(Loop::alive);
  }

  /**
   * The loops of active ones whose last iteration began longer than {@code threshold} ago; a loop
   * whose thread died is among them once the threshold has passed.
   */
  public List<Loop> stalledLongerThan(Duration threshold) {
    if (!active) {
      return List.of();
    }
    return loops.stream().filter(loop -> loop.sinceIteration().compareTo(threshold) > 0).toList();
  }
}
