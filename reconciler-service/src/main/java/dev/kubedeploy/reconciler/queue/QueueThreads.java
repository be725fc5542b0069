package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue's threads: daemons named after their instance, so that a thread dump tells them apart.
 */
final class QueueThreads {

  private QueueThreads() {}

  static ThreadFactory named(String prefix) {
    var counter = new AtomicInteger();
    return runnable -> {
      var thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A thread of its own for one periodic task, so that it never waits behind another. */
  static ScheduledExecutorService periodic(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
