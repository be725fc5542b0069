package dev.kubedeploy.reconciler.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Holds one connection that LISTENs on the queue's channel and calls {@code onNotify} when a
 * notification arrives. When the connection breaks (a database restart, a terminated backend) it
 * reconnects with growing delays, and calls {@code onNotify} once connected, since notifications
 * sent meanwhile are lost.
 */
public final class NotificationListener implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NotificationListener.class);

  /** How long one wait for notifications blocks; bounds how long close() takes. */
  private static final int WAIT_MILLIS = 500;

  /** A silent connection is probed this often, so that a dead peer is found without traffic. */
  private static final long PROBE_NANOS = Duration.ofSeconds(10).toNanos();

  private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(100);

  private final DataSource dataSource;
  private final String channel;
  private final Runnable onNotify;
  private final Duration reconnectMaxDelay;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;

  public NotificationListener(
      DataSource dataSource,
      String channel,
      Runnable onNotify,
      Duration reconnectMaxDelay,
      String threadName) {
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain channel name: " + channel);
    }
    this.dataSource = dataSource;
    this.channel = channel;
    this.onNotify = onNotify;
    this.reconnectMaxDelay = reconnectMaxDelay;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether the listening connection is up (for tests and diagnostics). */
  public boolean connected() {
    return current != null;
  }

  /** The backend process id of the listening connection, or 0 when not connected. */
  public int backendPid() throws SQLException {
    var connection = current;
    return connection == null ? 0 : connection.unwrap(PGConnection.class).getBackendPID();
  }

  private void run() {
    var delay = FIRST_RECONNECT_DELAY;
    var failing = false;
    while (!closed) {
      try (var connection = dataSource.getConnection()) {
        try (var statement = connection.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        current = connection;
        if (failing) {
          LOG.infof("listening on %s again", channel);
        }
        failing = false;
        delay = FIRST_RECONNECT_DELAY;
        onNotify.run();
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        current = null;
        if (closed) {
          return;
        }
        if (!failing) {
          LOG.warnf("listening on %s failed (%s); reconnecting, polling meanwhile", channel, e);
        }
        failing = true;
        if (!sleep(delay)) {
          return;
        }
        delay =
            delay.multipliedBy(2).compareTo(reconnectMaxDelay) > 0
                ? reconnectMaxDelay
                : delay.multipliedBy(2);
      }
    }
    current = null;
  }

  private void listen(Connection connection) throws SQLException {
    var pg = connection.unwrap(PGConnection.class);
    var lastTraffic = System.nanoTime();
    while (!closed) {
      var notifications = pg.getNotifications(WAIT_MILLIS);
      if (notifications != null && notifications.length > 0) {
        lastTraffic = System.nanoTime();
        onNotify.run();
      } else if (System.nanoTime() - lastTraffic > PROBE_NANOS) {
        try (var statement = connection.createStatement()) {
          statement.execute("SELECT 1");
        }
        lastTraffic = System.nanoTime();
      }
    }
  }

  private boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
