package dev.kubedeploy.harness.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fans the store's changes out to watches. It keeps a window of recent changes so that a watch can
 * start from a resource version a list returned without missing what happened in between; a version
 * older than the window is answered "410 Gone" and the client lists again.
 */
public final class WatchHub {

  /** A resource version that fell out of the window of retained changes. */
  public static final class ExpiredException extends Exception {
    public ExpiredException(String message) {
      super(message);
    }
  }

  private static final int RETAINED_CHANGES = 10_000;
  private static final int SUBSCRIBER_BACKLOG = 20_000;

  private final Deque<StoreEvent> history = new ArrayDeque<>();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private long oldestRetainedVersion = 0;

  public WatchHub(ObjectStore store) {
    store.addListener(this::publish);
  }

  private synchronized void publish(StoreEvent event) {
    history.addLast(event);
    while (history.size() > RETAINED_CHANGES) {
      oldestRetainedVersion = history.removeFirst().resourceVersion();
    }
    for (var subscription : subscriptions) {
      subscription.offer(event);
    }
  }

  /** Starts a watch that first replays the retained changes newer than {@code since}. */
  public synchronized Subscription subscribe(WatchFilter filter, long since)
      throws ExpiredException {
    if (since < oldestRetainedVersion) {
      throw new ExpiredException(
          "too old resource version: %d (%d)".formatted(since, oldestRetainedVersion + 1));
    }
    var subscription = new Subscription(filter);
    for (var event : history) {
      if (event.resourceVersion() > since) {
        subscription.offer(event);
      }
    }
    subscriptions.add(subscription);
    return subscription;
  }

  public void closeAll() {
    subscriptions.forEach(Subscription::close);
  }

  /** The changes one watch receives, in order. */
  public final class Subscription implements AutoCloseable {

    private final WatchFilter filter;
    private final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private Subscription(WatchFilter filter) {
      this.filter = filter;
    }

    private void offer(StoreEvent event) {
      var translated = filter.translate(event);
      if (translated == null || closed) {
        return;
      }
      if (queue.size() >= SUBSCRIBER_BACKLOG) {
        // a client that stopped reading: end its watch, it will list again
        close();
        return;
      }
      queue.add(translated);
    }

    /** The next event, or null when none came within {@code wait}. */
    public WatchEvent next(Duration wait) throws InterruptedException {
      return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
      subscriptions.remove(this);
    }
  }
}
