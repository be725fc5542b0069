package dev.kubedeploy.harness.controller;

import java.util.LinkedHashSet;

/**
 * Work waiting for the controller thread, each item at most once: adding an item already queued
 * does nothing, and an item added while it is being processed is processed again afterwards.
 */
final class WorkQueue {

  private final LinkedHashSet<Object> queued = new LinkedHashSet<>();
  private boolean closed;

  synchronized void add(Object work) {
    if (!closed && queued.add(work)) {
      notifyAll();
    }
  }

  /** The next item, or null once the queue is closed. */
  synchronized Object take() throws InterruptedException {
    while (queued.isEmpty() && !closed) {
      wait();
    }
    if (closed) {
      return null;
    }
    var iterator = queued.iterator();
    var work = iterator.next();
    iterator.remove();
    return work;
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }
}
