package dev.kubedeploy.reconciler.queue;

import org.jboss.logging.Logger;

/**
 * Logs a repeating failure (the database is down) once when it starts and once when it ends,
 * instead of once per attempt.
 */
final class OutageLog {

  private static final Logger LOG = Logger.getLogger(OutageLog.class);

  private final String activity;
  private volatile long failingSince;

  OutageLog(String activity) {
    this.activity = activity;
  }

  void failed(Exception e) {
    if (failingSince == 0) {
      failingSince = System.nanoTime();
      LOG.warnf("%s failed, retrying: %s", activity, e);
    } else {
      LOG.debugf("%s still failing: %s", activity, e);
    }
  }

  void recovered() {
    if (failingSince != 0) {
      var seconds = (System.nanoTime() - failingSince) / 1_000_000_000.0;
      failingSince = 0;
      LOG.infof("%s works again after %.1f s", activity, seconds);
    }
  }
}
