package dev.kubedeploy.reconciler.queue;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Tells the claim loop that there may be work: a notification, a finished job, shutdown. */
final class WakeSignal {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition raised = lock.newCondition();
  private boolean pending;
  private boolean closed;

  void raise() {
    lock.lock();
    try {
      pending = true;
      raised.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter, now and from now on: the engine is stopping. */
  void close() {
    lock.lock();
    try {
      closed = true;
      raised.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until raised or closed or {@code timeout} passes, and clears the signal. */
  void await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      var nanos = timeout.toNanos();
      while (!pending && !closed && nanos > 0) {
        nanos = raised.awaitNanos(nanos);
      }
      pending = false;
    } finally {
      lock.unlock();
    }
  }
}
